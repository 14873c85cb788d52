package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.spi.Options;
import dev.vecrnn.server.TrainingPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code vecrnn train}: maps the options to {@link TrainSettings} (for a resumed run, only the
 * options given change the saved settings), builds the {@link Training} and hands it to
 * {@link TrainConsole}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a language model on a text file and write it to a model file.",
                "Without --data it trains on a small built-in corpus (300 Tang poems).",
                "Ctrl-C saves a checkpoint and exits (130); --resume FILE continues from it."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    EncodingOption encoding = new EncodingOption();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--seq-length", paramLabel = "T", defaultValue = "25",
            description = "Steps of backpropagation through time per chunk (default: ${DEFAULT-VALUE}).")
    int seqLength;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "1",
            description = "Independent streams trained together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    OptimizerOptions optimizerOptions = new OptimizerOptions();

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5000",
            description = "Iterations (chunks) of the whole run, counting those of a resumed file (default: ${DEFAULT-VALUE}).")
    long iterations;

    @Mixin
    SeedOption seed = new SeedOption();

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "100",
            description = "Print a sample every N iterations; 0 = never (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--sample-length", paramLabel = "N", defaultValue = "200",
            description = "Tokens per sample (default: ${DEFAULT-VALUE}).")
    int sampleLength;

    @Option(names = "--print-every", paramLabel = "N",
            description = "Print the loss (the seed's 'iter N, loss: X') every N iterations; 0 = never (default: --sample-every).")
    Integer printEvery;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "model.vrnn",
            description = "Model file to write (default: ${DEFAULT-VALUE}, or the --resume file).")
    Path out;

    @Mixin
    RunOptions runOptions = new RunOptions();

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Predicate<String> given = parsed::hasMatchedOption;
        boolean resuming = runOptions.resume != null;
        int every = printEvery != null ? printEvery : given.test("--sample-every") || !resuming ? sampleEvery : -1;
        if (every < -1) {
            throw VecrnnException.about("{printEvery} must be 0 (never) or positive, not " + every, "printEvery");
        }
        try (Plugins plugins = pluginOptions.load(spec.commandLine().getErr())) {
            Training.Builder b;
            if (resuming) {
                b = Training.resume(runOptions.resume);
                b.settings(s -> settings(s.toBuilder(), given).build());
                if (given.test("--out")) {
                    b.output(out);
                }
            } else {
                b = Training.newRun(settings(TrainSettings.builder(), flag -> true).build()).output(out);
            }
            if (dataOptions.data != null) {
                b.text(TrainingText.file(dataOptions.data));
            } else if (!resuming) {
                b.text(TrainingText.builtIn());
            }
            b.plugins(plugins).threads(threads.count()).force(runOptions.force);
            TrainConsole console = new TrainConsole(spec.commandLine().getOut(), spec.commandLine().getErr(), every,
                    runOptions.report, runOptions.force);
            if (servePort == null) {
                return console.run(b);
            }
            try (TrainingPage page = TrainingPage.start("127.0.0.1", servePort)) {
                spec.commandLine().getOut().println("training page: " + page.uri());
                int status = console.page(page).run(b);
                spec.commandLine().getOut().println("the training page stays at " + page.uri() + " until you press Ctrl-C");
                spec.commandLine().getOut().flush();
                waitForever();
                return status;
            }
        }
    }

    @Option(names = "--serve", paramLabel = "PORT",
            description = "Serve a live training page on http://127.0.0.1:PORT (loss chart, progress, samples, settings); "
                    + "it stays up after training until Ctrl-C.")
    Integer servePort;

    /** Until the process is stopped: the training page goes on serving. */
    private static void waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code b} with the options that {@code given} accepts (all of them, for a new run). */
    private TrainSettings.Builder settings(TrainSettings.Builder b, Predicate<String> given) {
        if (given.test("--model")) {
            b.cell(modelOptions.cell);
        }
        if (given.test("--hidden")) {
            b.hidden(modelOptions.hidden);
        }
        if (given.test("--layers")) {
            b.layers(modelOptions.layers);
        }
        if (given.test("--dropout")) {
            b.dropout(modelOptions.dropout);
        }
        if (given.test("--forget-bias")) {
            b.forgetBias(modelOptions.forgetBias);
        }
        if (given.test("--embedding")) {
            b.embedding(modelOptions.embedding);
        }
        if (given.test("--softmax")) {
            b.softmax(modelOptions.softmax);
        }
        if (given.test("--cutoffs")) {
            b.cutoffs(modelOptions.cutoffs);
        }
        if (given.test("--div-value")) {
            b.divValue(modelOptions.divValue);
        }
        if (given.test("--tie-weights")) {
            b.tieWeights(modelOptions.tieWeights);
        }
        if (given.test("--encoding") && encoding.name != null) {
            b.encoding(encoding.name);
        }
        if (given.test("--tokenizer")) {
            b.tokenizer(dataOptions.tokenizer);
        }
        if (given.test("--tokenizer-opt")) {
            b.tokenizerOptions(Options.parse("tokenizer", dataOptions.tokenizer, dataOptions.tokenizerOpts).asGiven());
        }
        if (given.test("--min-count")) {
            b.minCount(dataOptions.minCount);
        }
        if (given.test("--max-vocab")) {
            b.maxVocab(dataOptions.maxVocab);
        }
        if (given.test("--seq-length")) {
            b.seqLength(seqLength);
        }
        if (given.test("--batch-size")) {
            b.batchSize(batchSize);
        }
        if (given.test("--iterations")) {
            b.iterations(iterations);
        }
        if (given.test("--seed") && seed.seed != null) {
            b.seed(seed.seed);
        }
        OptimizerOptions o = optimizerOptions;
        if (given.test("--optimizer")) {
            b.optimizer(o.optimizer);
        }
        if (given.test("--optimizer-opt")) {
            b.optimizerOptions(Options.parse("optimizer", o.optimizer, o.optimizerOpts).asGiven());
        }
        if (given.test("--lr")) {
            b.learningRate(o.lr);
        }
        // the decay and the clipping are each one choice made by up to three options
        if (given.test("--lr-decay") || given.test("--lr-decay-every") || given.test("--lr-decay-after")) {
            b.lrDecay(o.lrDecay).lrDecayEvery(o.lrDecayEvery).lrDecayAfter(o.lrDecayAfter);
        }
        if (given.test("--clip") || given.test("--clip-norm")) {
            b.clip(o.clip).clipNorm(o.clipNorm);
        }
        if (given.test("--sample-every")) {
            b.sampleEvery(sampleEvery);
        }
        if (given.test("--sample-length")) {
            b.sampleLength(sampleLength);
        }
        if (given.test("--val-fraction")) {
            b.valFraction(runOptions.valFraction);
        }
        if (given.test("--eval-every")) {
            b.evalEvery(runOptions.evalEvery);
        }
        if (given.test("--checkpoint-every")) {
            b.checkpointEvery(runOptions.checkpointEvery);
        }
        return b;
    }
}
