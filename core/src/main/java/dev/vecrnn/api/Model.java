package dev.vecrnn.api;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.io.ModelFile;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.text.TextReader;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.Evaluator;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A trained model loaded from a model file: sample text from it, measure its loss on a text, and
 * read what it is ({@link #info()}).
 *
 * <p>A model is safe to share between threads: its weights are never written after loading, and
 * every {@link #sample} or {@link #evaluate} call works on buffers and state of its own, so any
 * number of threads may sample from one model at once without locks. The same seed gives the same
 * text whichever thread draws it.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("shakespeare.vrnn"));
 * model.sample("ROMEO:", SampleSettings.builder().length(300).temperature(0.8).seed(1L).build(), System.out::print);
 * double perplexity = model.evaluate(Path.of("other.txt")).perplexity();
 * }</pre>
 */
public final class Model {
    private final Path file;
    private final Checkpoint checkpoint;
    private final Tokenizer tokenizer;
    private final Kernels kernels;
    private final ModelInfo info;

    private Model(Path file, Checkpoint checkpoint, Tokenizer tokenizer, Kernels kernels) {
        this.file = file;
        this.checkpoint = checkpoint;
        this.tokenizer = tokenizer;
        this.kernels = kernels;
        this.info = ModelInfo.of(file, ModelFile.formatVersion(file), checkpoint);
    }

    /**
     * Reads and checks a model file written by vecrnn, with the built-in tokenizers. Anything
     * wrong with the file (missing, not a model, truncated, corrupted, from a newer vecrnn, too
     * large for the heap) is a {@link VecrnnException} that says so; no other exception escapes.
     */
    public static Model load(Path file) {
        return load(file, Plugins.builtIn());
    }

    /** {@link #load(Path)} with the tokenizers of {@code plugins} (a model trained with a plugin's tokenizer needs it). */
    public static Model load(Path file, Plugins plugins) {
        return load(file, plugins, KernelChoice.AUTO);
    }

    /** {@link #load(Path, Plugins)}, sampling and evaluating on the kernels {@code kernels} asks for. */
    public static Model load(Path file, Plugins plugins, KernelChoice kernels) {
        Objects.requireNonNull(file, "file");
        Checkpoint cp = Checkpoint.read(file);
        return new Model(file, cp, tokenizer(plugins, cp.tokenizer, cp.tokenizerOptions), KernelsLoader.get(kernels));
    }

    /** The tokenizer {@code name} with {@code options}, every option checked. */
    static Tokenizer tokenizer(Plugins plugins, String name, java.util.Map<String, String> options) {
        TokenizerProvider tp = plugins.tokenizers().get(name);
        Options opts = new Options("tokenizer", tp.name(), options);
        Tokenizer tok = tp.create(opts);
        opts.requireAllUsed();
        return tok;
    }

    /** What the model is: cell, sizes, tokenizer, training progress, settings, validation loss. */
    public ModelInfo info() {
        return info;
    }

    /** The file this model was read from. */
    public Path file() {
        return file;
    }

    // ---- sampling ---------------------------------------------------------------------------

    /**
     * A generation of {@code settings.length()} tokens after {@code prime}, drawn one at a time
     * as the returned iterator is advanced; each element is the text of the next token (maybe
     * empty, when a token is only part of a character). The prime itself is not repeated. With no
     * prime (null or empty) the generation starts from a random token of the vocabulary (never
     * {@code <unk>}), whose text comes first.
     *
     * @throws VecrnnException if the prime has pieces the model never saw (and it has no
     *                         {@code <unk>}), or gives no tokens at all
     */
    public Generation sample(String prime, SampleSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Generation(this, prime, settings);
    }

    /** Samples as {@link #sample(String, SampleSettings)} and hands each token's text to {@code out} as it is drawn. */
    public void sample(String prime, SampleSettings settings, Consumer<String> out) {
        sample(prime, settings).forEachRemaining(out);
    }

    /** The generated text after {@code prime}, as one string. */
    public String sampleText(String prime, SampleSettings settings) {
        StringBuilder sb = new StringBuilder();
        sample(prime, settings, sb::append);
        return sb.toString();
    }

    /** The pieces the model's tokenizer splits {@code text} into. */
    public List<String> split(String text) {
        return tokenizer.split(text);
    }

    /** The distinct pieces of {@code text} that the model's vocabulary lacks, in order of appearance. */
    public List<String> unknownPieces(String text) {
        Set<String> missing = new LinkedHashSet<>();
        for (String p : tokenizer.split(text)) {
            if (checkpoint.vocabulary.id(p) < 0) {
                missing.add(p);
            }
        }
        return new ArrayList<>(missing);
    }

    /** Whether pieces the vocabulary lacks are read as {@code <unk>} (otherwise they are an error in a prime). */
    public boolean hasUnknownToken() {
        return checkpoint.vocabulary.unk() >= 0;
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    Kernels kernels() {
        return kernels;
    }

    /** The seed to draw with: the given one, or a random one. */
    static long seedOf(SampleSettings s) {
        return s.seed() != null ? s.seed() : new SecureRandom().nextLong();
    }

    // ---- evaluation -------------------------------------------------------------------------

    /**
     * The model's loss on {@code text}, as training's validation measures it: one stream from a
     * zero state, every token after the first predicted once. Pieces the vocabulary lacks count
     * as {@code <unk>} when the model has one and are left out otherwise
     * ({@link Evaluation#unknown()} says how many).
     *
     * @throws VecrnnException when fewer than two tokens remain to measure
     */
    public Evaluation evaluate(String text) {
        return evaluate(tokenizer.split(text), "the text", 1);
    }

    /** {@link #evaluate(String)} of a file in the encoding of the model's training text, on all cores. */
    public Evaluation evaluate(Path file) {
        return evaluate(file, null, 0);
    }

    /**
     * {@link #evaluate(String)} of a file read in {@code encoding} (null: that of the model's
     * training text) on {@code threads} threads (0: all cores).
     */
    public Evaluation evaluate(Path file, String encoding, int threads) {
        String enc = encoding != null ? encoding : info.settings().encoding();
        byte[] bytes = TextReader.readBytes(file);
        String text = bytes.length == 0 ? "" : TextReader.decode(bytes, TextReader.charset(enc), file.toString());
        return evaluate(tokenizer.split(text), file.toString(), threads);
    }

    private Evaluation evaluate(List<String> pieces, String what, int threads) {
        if (threads < 0) {
            throw VecrnnException.about("{threads} must be at least 1 (or 0 for all cores), not " + threads, "threads");
        }
        Vocabulary v = checkpoint.vocabulary;
        int unknown = 0;
        int[] ids = new int[pieces.size()];
        int k = 0;
        for (String p : pieces) {
            int id = v.id(p);
            if (id < 0) {
                unknown++;
                id = v.unk();
                if (id < 0) {
                    continue;
                }
            }
            ids[k++] = id;
        }
        ids = Arrays.copyOf(ids, k);
        if (ids.length < 2) {
            throw new VecrnnException(what + " has " + ids.length + " token(s) the model knows; it needs at least 2 to measure a loss");
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Kernels k2 = ParallelKernels.wrap(kernels, n);
        try {
            Evaluation e = new Evaluator(checkpoint.model, k2).evaluate(ids);
            return new Evaluation(pieces.size(), unknown, e.predictions(), e.nats());
        } finally {
            if (k2 instanceof ParallelKernels) {
                ((ParallelKernels) k2).close();
            }
        }
    }

    @Override
    public String toString() {
        return "Model[" + file + ": " + info.summary() + "]";
    }
}
