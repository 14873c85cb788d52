package dev.vecrnn.app;

import dev.vecrnn.internal.train.DivergedException;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainResult;
import dev.vecrnn.internal.train.Trainer;
import dev.vecrnn.internal.train.Validation;
import dev.vecrnn.api.VecrnnException;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code vecrnn train} session: plan the run (new or resumed), train with the console
 * output, progress, checkpoints, report and signal handling wired in, and return the exit
 * status: 0, or 130 / 143 after Ctrl-C / SIGTERM (with the checkpoint written). A diverged run
 * is a user error (status 2) that leaves the last good model file as it was.
 */
final class TrainSession {
    private final TrainCommand cmd;
    private final PrintWriter out;
    private final PrintWriter err;

    TrainSession(TrainCommand cmd) {
        this.cmd = cmd;
        this.out = cmd.spec.commandLine().getOut();
        this.err = cmd.spec.commandLine().getErr();
    }

    int run() {
        RunPlanner planner = new RunPlanner(cmd, out, cmd.pluginOptions.load(cmd.spec.commandLine().getErr()));
        RunPlan plan = cmd.runOptions.resume != null ? planner.resume() : planner.fresh();
        TrainConfig config = plan.config;
        out.printf(Locale.ROOT, "model %s %dx%d, %,d parameters; %s lr %s; kernels %s%n", plan.model.spec().cell(),
                plan.model.spec().layers(), plan.model.spec().hidden(), plan.model.parameterCount(), plan.optimizerName,
                config.learningRate(), plan.kernels.name());
        if (plan.data.hasValidation()) {
            out.printf(Locale.ROOT, "validation loss measured %s%n", plan.evalEvery == 0 ? "at the end"
                    : String.format(Locale.ROOT, "every %d iterations and at the end", plan.evalEvery));
        }
        out.flush();

        Progress progress = Progress.choose(out, err, plan.state.iteration, config.iterations());
        Checkpointer saver = new Checkpointer(plan, progress);
        TrainingReport report = plan.report == null ? null : new TrainingReport(plan.report, plan.out.getFileName().toString(),
                describe(plan), plan.state, config.iterations(), config.seqLength(),
                t -> ConsoleOutput.text(plan.tokenizer, plan.vocabulary, t), err);
        TrainListener speed = new TrainListener() {
            private final long t0 = System.nanoTime();
            private final long start = plan.state.iteration;

            @Override
            public void onIteration(long iteration, double loss, double smoothLoss) {
                double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
                double tokens = (iteration + 1 - start) * (double) config.seqLength() * config.batchSize();
                progress.update(iteration + 1, smoothLoss / config.seqLength(), tokens / seconds);
            }
        };
        TrainListener listener = TrainListener.all(new ConsoleOutput(progress, plan.tokenizer, plan.vocabulary,
                config.sampleEvery()), saver, speed, report != null ? report : new TrainListener() { });
        Trainer trainer = new Trainer(plan.model, plan.optimizer, plan.kernels, config, listener);
        Validation validation = plan.data.hasValidation() ? new Validation(plan.data.validation(), plan.evalEvery) : null;

        try (Interrupts interrupts = Interrupts.install(trainer::requestStop, err)) {
            TrainResult result;
            try {
                result = trainer.run(plan.data.train(), validation, plan.state);
            } catch (DivergedException e) {
                progress.close();
                if (report != null) {
                    report.write("diverged");
                }
                throw new VecrnnException(saver.divergedMessage(e));
            }
            progress.close();
            saver.save();
            boolean stopped = interrupts.signalled();
            if (report != null) {
                report.write(stopped ? "interrupted" : "finished");
            }
            out.printf(Locale.ROOT, "trained %d iterations, %d tokens in %.1f s: %.0f tokens/s; smooth loss %f%n",
                    result.iterations(), result.tokens(), result.nanos() / 1e9, result.tokensPerSecond(), plan.state.smoothLoss);
            out.printf("wrote %s%n", plan.out);
            if (stopped) {
                out.printf(Locale.ROOT, "interrupted after %d of %d iterations; continue with: vecrnn train --resume %s --iterations %d%n",
                        plan.state.iteration, config.iterations(), plan.out, config.iterations());
                out.flush();
                return interrupts.exitCode();
            }
            out.flush();
            return 0;
        }
    }

    /** The configuration shown in the report. */
    private static Map<String, String> describe(RunPlan plan) {
        Map<String, String> m = new LinkedHashMap<>();
        var s = plan.model.spec();
        m.put("model", String.format(Locale.ROOT, "%s, %d layer(s) of %d units, vocabulary %,d, %,d parameters", s.cell(), s.layers(),
                s.hidden(), s.vocab(), plan.model.parameterCount()));
        m.put("tokenizer", plan.tokenizerName + (plan.tokenizerOptions.isEmpty() ? "" : " " + plan.tokenizerOptions));
        m.put("optimizer", plan.optimizerName + (plan.optimizerOptions.isEmpty() ? "" : " " + plan.optimizerOptions)
                + ", lr " + plan.config.learningRate() + ", clipping " + plan.config.clipping());
        m.put("chunks", plan.config.seqLength() + " steps x " + plan.config.batchSize() + " stream(s)");
        m.put("data", plan.info.getOrDefault("data.name", "?") + " (" + plan.info.getOrDefault("data.encoding", "?") + ", "
                + plan.info.getOrDefault("data.tokens", "?") + " tokens, SHA-256 " + plan.info.getOrDefault("data.sha256", "?") + ")");
        m.put("validation", plan.data.hasValidation() ? plan.data.validation().length + " tokens held out, every "
                + (plan.evalEvery == 0 ? "run's end" : plan.evalEvery + " iterations") : "none (--val-fraction 0)");
        m.put("seed", plan.info.getOrDefault("train.seed", "?"));
        m.put("model file", plan.out + " (best: " + plan.best + ")");
        return m;
    }
}
