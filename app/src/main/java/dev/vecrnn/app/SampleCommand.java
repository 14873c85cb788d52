package dev.vecrnn.app;

import dev.vecrnn.io.Checkpoint;
import dev.vecrnn.kernel.KernelsLoader;
import dev.vecrnn.sample.Sampler;
import dev.vecrnn.sample.SamplingOptions;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;
import dev.vecrnn.text.Vocabulary;
import dev.vecrnn.util.Rng;
import dev.vecrnn.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vecrnn sample}: generate text from a model file, streaming tokens as they are drawn. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate text from a trained model.")
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file written by train.")
    Path model;

    @Option(names = "--length", paramLabel = "N", defaultValue = "200", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Text to start from; it is printed first.")
    String prime;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Below 1 is more conservative, above 1 more surprising (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Draw only from the K most likely tokens; 0 = all.")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Draw only from the most likely tokens whose probabilities add up to P (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--argmax", description = "Always take the most likely token.")
    boolean argmax;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, for reproducible output (default: random).")
    Long seed;

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        if (length < 0) {
            throw new UserException("--length must not be negative, not " + length);
        }
        SamplingOptions opts = new SamplingOptions(temperature, topK, topP, argmax);
        Checkpoint cp = Checkpoint.read(model);
        Plugins plugins = pluginOptions.load(spec.commandLine().getErr());
        TokenizerProvider tp = plugins.tokenizers.get(cp.tokenizer);
        Options tokOpts = new Options("tokenizer", tp.name(), cp.tokenizerOptions);
        Tokenizer tok = tp.create(tokOpts);
        tokOpts.requireAllUsed();
        Vocabulary vocab = cp.vocabulary;
        Rng rng = new Rng(seed != null ? seed : System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L);

        Sampler sampler = new Sampler(cp.model, KernelsLoader.get());
        float[][] state = cp.model.newState(1);
        PrintWriter w = spec.commandLine().getOut();
        Tokenizer.PieceDecoder decoder = tok.decoder();
        int first;
        if (prime != null && !prime.isEmpty()) {
            int[] ids = vocab.encode(tok.split(prime), "the priming text");
            w.print(prime);
            int[] head = java.util.Arrays.copyOf(ids, ids.length - 1);
            sampler.prime(head, state);
            first = ids[ids.length - 1];
        } else {
            first = rng.nextInt(vocab.size());
            w.print(decoder.push(vocab.piece(first)));
        }
        w.flush();
        sampler.generate(first, length, state, opts, rng, t -> {
            w.print(decoder.push(vocab.piece(t)));
            w.flush();
        });
        w.print(decoder.finish());
        w.println();
        w.flush();
        return 0;
    }
}
