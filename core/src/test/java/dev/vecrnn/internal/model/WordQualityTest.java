package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.Evaluator;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainResult;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.train.Trainer;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 12, item 5 in small: a model with the adaptive softmax learns as well as the same model
 * with the full softmax. The first 400,000 characters of hongloumeng.gbk.txt, one token per
 * character (a Zipfian vocabulary of about 3,000 once those seen fewer than 3 times are
 * {@code <unk>}), ordered by frequency for both models; an LSTM of 64 with word vectors of 64,
 * batch 20, seq 25, Adam 2e-3, global-norm clipping at 5, 200,000 training tokens (the first
 * 90 %), the same seed; perplexity on the last 10 %. The adaptive model (default cutoffs, divValue
 * 4) must be within 5 % of the full one (in the measurements it was 2 to 7 % better) and both
 * must be far below a unigram model of the training tokens (about 407) and uniform guessing.
 */
class WordQualityTest {
    static final int CHARACTERS = 400_000;
    static final int MIN_COUNT = 3;
    static final int HIDDEN = 64;
    static final int EMBEDDING = 64;
    static final int STEPS = 25;
    static final int BATCH = 20;
    static final int ITERATIONS = 400;

    @Test
    void adaptiveSoftmaxLearnsAsWellAsTheFullSoftmax() throws IOException {
        String text = Files.readString(corpus("hongloumeng.gbk.txt"), Charset.forName("GBK"));
        List<String> pieces = text.codePoints().limit(CHARACTERS).mapToObj(Character::toString).toList();
        Vocabulary vocab = Vocabulary.buildByFrequency(pieces, MIN_COUNT, 0);
        int[] ids = vocab.encode(pieces, "hongloumeng");
        int split = (int) (ids.length * 0.9);
        int[] train = Arrays.copyOf(ids, split);
        int[] val = Arrays.copyOfRange(ids, split, ids.length);
        ModelSpec full = new ModelSpec("lstm", vocab.size(), HIDDEN, 1, 0f).withEmbedding(EMBEDDING);
        ModelSpec adaptive = full.withAdaptiveSoftmax(ModelSpec.defaultCutoffs(vocab.size()), ModelSpec.DEFAULT_DIV_VALUE);
        double unigram = unigramPerplexity(train, val, vocab.size());
        double fullPpl = perplexity(full, train, val);
        double adaptivePpl = perplexity(adaptive, train, val);
        System.out.printf("WordQualityTest: vocabulary %d, cutoffs %s: validation perplexity full %.1f, adaptive %.1f, "
                + "unigram %.1f%n", vocab.size(), ModelSpec.format(adaptive.cutoffs()), fullPpl, adaptivePpl, unigram);
        assertTrue(unigram < vocab.size() / 5.0, "the unigram baseline itself beats uniform guessing: " + unigram);
        assertTrue(fullPpl < 0.7 * unigram, "the full softmax learned more than frequencies: " + fullPpl + " against " + unigram);
        assertTrue(adaptivePpl < 0.7 * unigram, "the adaptive softmax learned more than frequencies: " + adaptivePpl);
        assertTrue(adaptivePpl <= 1.05 * fullPpl, "adaptive " + adaptivePpl + " against full " + fullPpl);
    }

    private static double perplexity(ModelSpec spec, int[] train, int[] val) {
        LanguageModel model = new LanguageModel(spec);
        model.initialize(new Rng(1));
        TrainConfig config = new TrainConfig(STEPS, BATCH, ITERATIONS, 2e-3, Clipping.norm(5), 0, 0);
        try (ParallelKernels k = new ParallelKernels(KernelsLoader.get(), Runtime.getRuntime().availableProcessors())) {
            TrainState state = new TrainState(TrainState.initialSmoothLoss(spec.vocab(), STEPS), model.newState(BATCH), 1);
            TrainResult r = new Trainer(model, new TestTraining.Adam(), k, config, new TrainListener() { }).run(train, state);
            System.out.printf("WordQualityTest: %s softmax, %d tokens in %.1f s%n", spec.softmax(), r.tokens(), r.nanos() / 1e9);
            return new Evaluator(model, k).evaluate(val).perplexity();
        }
    }

    /** Perplexity on {@code val} of add-one smoothed token frequencies in {@code train}: what a model learns first. */
    private static double unigramPerplexity(int[] train, int[] val, int vocab) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int t : train) {
            counts.merge(t, 1, Integer::sum);
        }
        double nats = 0;
        for (int t : val) {
            nats -= Math.log((counts.getOrDefault(t, 0) + 1.0) / (train.length + vocab));
        }
        return Math.exp(nats / val.length);
    }

    /** The shared corpus: from $VECRNN_DATA, a shared/data folder above the working directory, or /work/shared/data. */
    static Path corpus(String name) {
        String env = System.getenv("VECRNN_DATA");
        if (env != null && Files.isRegularFile(Path.of(env, name))) {
            return Path.of(env, name);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("data").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        Path fixed = Path.of("/work/shared/data", name);
        if (Files.isRegularFile(fixed)) {
            return fixed;
        }
        return fail("corpus " + name + " not found: set VECRNN_DATA to the folder that holds it (or put it in a "
                + "shared/data folder above " + Path.of("").toAbsolutePath() + ")");
    }
}
