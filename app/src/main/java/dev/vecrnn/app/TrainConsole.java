package dev.vecrnn.app;

import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingDivergedException;
import dev.vecrnn.api.TrainingListener;
import dev.vecrnn.api.TrainingPlan;
import dev.vecrnn.api.TrainingResult;
import dev.vecrnn.server.TrainingPage;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A training run on the console: prints what the run will do, shows its progress and lines,
 * keeps the report, turns Ctrl-C and SIGTERM into a stop, and returns the exit status: 0, or
 * 130 / 143 after Ctrl-C / SIGTERM (with the checkpoint written). A diverged run is a user error
 * (status 2) that leaves the last good model file as it was.
 */
final class TrainConsole {
    private final PrintWriter out;
    private final PrintWriter err;
    /** Iterations between loss lines; -1: as often as the samples. */
    private final int printEvery;
    private final Path reportDir;
    /** Whether the report may go into a folder of other files. */
    private final boolean force;
    /** The live training page, or null. */
    private TrainingPage page;

    TrainConsole(PrintWriter out, PrintWriter err, int printEvery, Path reportDir, boolean force) {
        this.out = out;
        this.err = err;
        this.printEvery = printEvery;
        this.reportDir = reportDir;
        this.force = force;
    }

    /** Also tells {@code page} how the run goes. */
    TrainConsole page(TrainingPage p) {
        this.page = p;
        return this;
    }

    int run(Training.Builder builder) {
        Relay relay = new Relay();
        try (Training training = builder.listener(relay).build()) {
            if (reportDir != null) {
                TrainingReport.prepare(reportDir, training, force);
            }
            TrainingPlan plan = training.plan();
            TrainSettings s = plan.settings();
            printPlan(plan);
            Progress progress = Progress.choose(out, err, plan.iterationsDone(), s.iterations());
            TrainingReport report = reportDir == null ? null
                    : new TrainingReport(reportDir, plan.output().getFileName().toString(), describe(plan), plan.iterationsDone(),
                    plan.smoothLoss() / s.seqLength(), s.iterations(), training::lossCurves, err);
            relay.to(new ConsoleOutput(progress, printEvery >= 0 ? printEvery : s.sampleEvery()), report,
                    page == null ? null : page.listener());
            if (page != null) {
                page.describe(plan.output().getFileName().toString(), describe(plan));
            }

            try (Interrupts interrupts = Interrupts.install(training::stop, err)) {
                TrainingResult result;
                try {
                    result = training.run();
                } catch (TrainingDivergedException e) {
                    progress.close();
                    if (report != null) {
                        report.write("diverged");
                    }
                    if (page != null) {
                        page.ended("diverged");
                    }
                    throw e;
                }
                progress.close();
                boolean stopped = interrupts.signalled();
                if (report != null) {
                    report.write(stopped ? "interrupted" : "finished");
                }
                if (page != null) {
                    page.ended(stopped ? "interrupted" : "finished");
                }
                out.printf(Locale.ROOT, "trained %d iterations, %d tokens in %.1f s: %.0f tokens/s; smooth loss %f%n",
                        result.iterations(), result.tokens(), result.seconds(), result.tokensPerSecond(), result.smoothLoss());
                out.printf("wrote %s%n", result.output());
                if (stopped) {
                    out.printf(Locale.ROOT, "interrupted after %d of %d iterations; continue with: vecrnn train --resume %s --iterations %d%n",
                            result.iterationsDone(), s.iterations(), result.output(), s.iterations());
                    out.flush();
                    return interrupts.exitCode();
                }
                out.flush();
                return 0;
            }
        }
    }

    /** What the run is about to do, in the lines the command has always printed. */
    private void printPlan(TrainingPlan p) {
        TrainSettings s = p.settings();
        if (p.resumedFrom() != null) {
            out.printf(Locale.ROOT, "resuming %s after %d iterations (smooth loss %f); training to %d%n", p.resumedFrom(),
                    p.iterationsDone(), p.smoothLoss(), s.iterations());
        }
        out.printf(Locale.ROOT, "data has %d tokens, %d unique.%n", p.tokens(), p.vocabularySize());
        if (p.validationDropped()) {
            out.println("the text is too short to hold out a validation set; training on all of it");
        }
        if (!"constant".equals(p.schedule())) {
            out.printf(Locale.ROOT, "learning rate %s; an epoch is %d iterations%n", p.schedule(), p.iterationsPerEpoch());
        }
        if (p.hasValidation()) {
            out.printf(Locale.ROOT, "validation: the last %,d tokens (%s), training on the first %,d%n", p.validationTokens(),
                    percent(s.valFraction()), p.trainingTokens());
        }
        if (p.previousLearningRate() != null) {
            out.printf(Locale.ROOT, "learning rate %s (was %s)%n", s.learningRate(), p.previousLearningRate());
        }
        out.printf(Locale.ROOT, "model %s %dx%d, %,d parameters; %s lr %s; kernels %s%n", s.cell(), s.layers(), s.hidden(),
                p.parameters(), s.optimizer(), s.learningRate(), p.kernels());
        if (p.hasValidation()) {
            out.printf(Locale.ROOT, "validation loss measured %s%n", s.evalEvery() == 0 ? "at the end"
                    : String.format(Locale.ROOT, "every %d iterations and at the end", s.evalEvery()));
        }
        out.flush();
    }

    private static String percent(double f) {
        String s = String.format(Locale.ROOT, "%.2f", f * 100).replaceAll("\\.?0+$", "");
        return s + "%";
    }

    /** The configuration shown in the report. */
    private static Map<String, String> describe(TrainingPlan p) {
        TrainSettings s = p.settings();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", String.format(Locale.ROOT, "%s, %d layer(s) of %d units, vocabulary %,d, %,d parameters", s.cell(), s.layers(),
                s.hidden(), p.vocabularySize(), p.parameters()));
        m.put("tokenizer", s.tokenizer() + (s.tokenizerOptions().isEmpty() ? "" : " " + s.tokenizerOptions()));
        m.put("optimizer", s.optimizer() + (s.optimizerOptions().isEmpty() ? "" : " " + s.optimizerOptions())
                + ", lr " + s.learningRate() + ", clipping " + clipping(s));
        m.put("chunks", s.seqLength() + " steps x " + s.batchSize() + " stream(s)");
        m.put("data", p.textName() + " (" + p.encoding() + ", " + p.tokens() + " tokens)");
        m.put("validation", p.hasValidation() ? p.validationTokens() + " tokens held out, every "
                + (s.evalEvery() == 0 ? "run's end" : s.evalEvery() + " iterations") : "none (--val-fraction 0)");
        m.put("seed", Long.toString(s.seed()));
        m.put("model file", p.output() + " (best: " + p.bestOutput() + ")");
        return m;
    }

    static String clipping(TrainSettings s) {
        return s.clipNorm() != null ? "norm " + s.clipNorm() : s.clipValue() == 0 ? "none" : "value " + s.clipValue();
    }

    /** The listeners, known only once the run is built. */
    private static final class Relay implements TrainingListener {
        private TrainingListener[] to = new TrainingListener[0];

        void to(TrainingListener... listeners) {
            to = java.util.Arrays.stream(listeners).filter(java.util.Objects::nonNull).toArray(TrainingListener[]::new);
        }

        @Override
        public void onIteration(IterationDone e) {
            for (TrainingListener l : to) {
                l.onIteration(e);
            }
        }

        @Override
        public void onSample(SampleDrawn e) {
            for (TrainingListener l : to) {
                l.onSample(e);
            }
        }

        @Override
        public void onValidation(ValidationDone e) {
            for (TrainingListener l : to) {
                l.onValidation(e);
            }
        }

        @Override
        public void onCheckpoint(CheckpointWritten e) {
            for (TrainingListener l : to) {
                l.onCheckpoint(e);
            }
        }

        @Override
        public void onBestModel(BestModelWritten e) {
            for (TrainingListener l : to) {
                l.onBestModel(e);
            }
        }
    }
}
