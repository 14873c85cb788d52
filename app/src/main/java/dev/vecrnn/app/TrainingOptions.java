package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.spi.Options;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Every training setting of {@code vecrnn train} as options, and the {@link Training.Builder} they
 * describe (for a resumed run, only the options given change the saved settings). A mixin, so
 * that another program that trains (the Spark job) takes exactly the same options.
 */
public final class TrainingOptions {

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

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "model.vrnn",
            description = "Model file to write (default: ${DEFAULT-VALUE}, or the --resume file).")
    Path out;

    @Mixin
    RunOptions runOptions = new RunOptions();

    /** Whether {@code --resume} was given. */
    public boolean resuming() {
        return runOptions.resume != null;
    }

    /** {@code --report}, or null. */
    public Path report() {
        return runOptions.report;
    }

    /** {@code --force}. */
    public boolean force() {
        return runOptions.force;
    }

    /** {@code --sample-every} as parsed (its default unless given). */
    public int sampleEvery() {
        return sampleEvery;
    }

    /** The plugins of {@code --plugins}, each problem with a JAR printed to {@code err} as a warning. */
    public Plugins loadPlugins(PrintWriter err) {
        return pluginOptions.load(err);
    }

    /**
     * The run these options describe, with {@code plugins}: a new run, or the {@code --resume}
     * file's with the options {@code parsed} matched changing its settings.
     */
    public Training.Builder builder(ParseResult parsed, Plugins plugins) {
        Predicate<String> given = parsed::hasMatchedOption;
        Training.Builder b;
        if (resuming()) {
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
        } else if (!resuming()) {
            b.text(TrainingText.builtIn());
        }
        return b.plugins(plugins).force(runOptions.force);
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
