package dev.vecrnn.app;

import dev.vecrnn.io.AtomicFile;
import dev.vecrnn.io.Checkpoint;
import dev.vecrnn.kernel.Kernels;
import dev.vecrnn.kernel.KernelsLoader;
import dev.vecrnn.kernel.ParallelKernels;
import dev.vecrnn.model.LanguageModel;
import dev.vecrnn.model.ModelSpec;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.text.Vocabulary;
import dev.vecrnn.train.Streams;
import dev.vecrnn.train.TrainConfig;
import dev.vecrnn.train.TrainListener;
import dev.vecrnn.train.TrainResult;
import dev.vecrnn.train.TrainState;
import dev.vecrnn.train.Trainer;
import dev.vecrnn.util.Rng;
import dev.vecrnn.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vecrnn train}: the seed's training loop on a text file, ending in a model file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a language model on a text file and write it to a model file.",
                "Without --data it trains on a small built-in corpus (300 Tang poems)."})
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

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5000",
            description = "Iterations (chunks) to train (default: ${DEFAULT-VALUE}).")
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
            description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Plugins plugins = Plugins.builtIn();

        // everything that can be wrong with the arguments is found before any real work
        DataOptions.TokenizerChoice tok = dataOptions.tokenizer(plugins);
        modelOptions.validate();
        OptimizerOptions.OptimizerChoice opt = optimizerOptions.create(plugins);
        TrainConfig config = new TrainConfig(seqLength, batchSize, iterations, opt.learningRate(),
                optimizerOptions.clipping(), sampleEvery, sampleLength);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) {
            throw new UserException("--threads must be at least 1, not " + nThreads);
        }
        AtomicFile.checkWritable(out);

        DataOptions.TrainingData data = dataOptions.load(dataOptions.corpus(), tok);
        Vocabulary vocab = data.vocabulary();
        w.printf(Locale.ROOT, "data has %d tokens, %d unique.%n", data.ids().length, vocab.size());
        new Streams(data.ids(), batchSize, seqLength); // a stream shorter than one chunk is refused before any work

        ModelSpec mspec = modelOptions.spec(vocab.size());
        LanguageModel model = new LanguageModel(mspec);
        model.initialize(new Rng(seed), modelOptions.forgetBias());
        Kernels kernels = ParallelKernels.wrap(KernelsLoader.get(), nThreads);
        w.printf(Locale.ROOT, "model %s %dx%d, %,d parameters; %s lr %s; kernels %s%n", mspec.cell(), mspec.layers(),
                mspec.hidden(), model.parameterCount(), opt.provider().name(), opt.learningRate(), kernels.name());

        TrainState state = new TrainState(TrainState.initialSmoothLoss(vocab.size(), seqLength),
                model.newState(batchSize), seed ^ 0x5DEECE66DL);
        ConsoleListener listener = new ConsoleListener(w, tok.tokenizer(), vocab, sampleEvery);
        Trainer trainer = new Trainer(model, opt.optimizer(), kernels, config, listener);
        TrainResult result = trainer.run(data.ids(), state);

        Map<String, String> info = new LinkedHashMap<>();
        info.put("data.name", data.corpus().name());
        info.put("data.encoding", data.corpus().charset().name());
        info.put("train.seqLength", Integer.toString(seqLength));
        info.put("train.batchSize", Integer.toString(batchSize));
        info.put("train.lr", Double.toString(opt.learningRate()));
        info.put("train.clip", config.clipping().toString());
        info.put("train.seed", Long.toString(seed));
        new Checkpoint(model, vocab, tok.provider().name(), tok.options().asGiven(), opt.provider().name(),
                opt.options().asGiven(), opt.optimizer().state(), state, info).write(out);
        w.printf(Locale.ROOT, "trained %d iterations, %d tokens in %.1f s: %.0f tokens/s; smooth loss %f%n",
                result.iterations(), result.tokens(), result.nanos() / 1e9, result.tokensPerSecond(), state.smoothLoss);
        w.printf("wrote %s%n", out);
        return 0;
    }

    /** Prints the seed's lines: samples between dashes and {@code iter N, loss: X}. */
    static final class ConsoleListener implements TrainListener {
        private final PrintWriter w;
        private final Tokenizer tok;
        private final Vocabulary vocab;
        private final int every;

        ConsoleListener(PrintWriter w, Tokenizer tok, Vocabulary vocab, int every) {
            this.w = w;
            this.tok = tok;
            this.vocab = vocab;
            this.every = every;
        }

        @Override
        public void onSample(long iteration, int[] tokens) {
            List<String> p = new ArrayList<>(tokens.length);
            for (int t : tokens) {
                p.add(vocab.piece(t));
            }
            w.println("----");
            w.println(tok.join(p));
            w.println("----");
        }

        @Override
        public void onIteration(long iteration, double loss, double smoothLoss) {
            if (every > 0 && iteration % every == 0) {
                w.printf(Locale.ROOT, "iter %d, loss: %f%n", iteration, smoothLoss);
            }
        }
    }
}
