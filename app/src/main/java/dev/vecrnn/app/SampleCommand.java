package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.sample.Sampler;
import dev.vecrnn.internal.sample.SamplingOptions;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vecrnn sample}: generate text from a model file, streaming tokens as they are drawn.
 * The priming text is printed, fed through the model, and its last token starts the draw;
 * without one, a random token (never {@code <unk>}) does. The same {@code --seed} gives the same text.
 */
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
            throw new VecrnnException("--length must not be negative, not " + length);
        }
        SamplingOptions opts = new SamplingOptions(temperature, topK, topP, argmax);
        LoadedModel m = LoadedModel.read(model, pluginOptions.load(spec.commandLine().getErr()));
        Checkpoint cp = m.checkpoint();
        Tokenizer tok = m.tokenizer();
        Vocabulary vocab = cp.vocabulary;
        Rng rng = new Rng(seed != null ? seed : new java.security.SecureRandom().nextLong());

        Sampler sampler = new Sampler(cp.model, KernelsLoader.get());
        float[][] state = cp.model.newState(1);
        PrintWriter w = spec.commandLine().getOut();
        Tokenizer.PieceDecoder decoder = tok.decoder();
        int first;
        if (prime != null && !prime.isEmpty()) {
            int[] ids = vocab.encode(tok.split(prime), "the priming text --prime");
            if (ids.length == 0) {
                throw new VecrnnException("--prime '" + prime + "' gives no tokens with the model's tokenizer; give some text");
            }
            w.print(prime);
            int[] head = java.util.Arrays.copyOf(ids, ids.length - 1);
            sampler.prime(head, state);
            first = ids[ids.length - 1];
        } else {
            // a random start, but not <unk>, whose text would only be the marker
            do {
                first = rng.nextInt(vocab.size());
            } while (first == vocab.unk() && vocab.size() > 1);
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
