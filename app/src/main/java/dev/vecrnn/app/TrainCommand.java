package dev.vecrnn.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vecrnn train}: the seed's training loop on a text file, ending in a model file. The
 * options live here and in their mixins; {@link TrainSession} does the work.
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

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "100",
            description = "Print the loss and a sample every N iterations; 0 = never (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--sample-length", paramLabel = "N", defaultValue = "200",
            description = "Tokens per sample (default: ${DEFAULT-VALUE}).")
    int sampleLength;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for large matrix products (default: all cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "model.vrnn",
            description = "Model file to write (default: ${DEFAULT-VALUE}, or the --resume file).")
    Path out;

    @Mixin
    RunOptions runOptions = new RunOptions();

    @Override
    public Integer call() {
        return new TrainSession(this).run();
    }
}
