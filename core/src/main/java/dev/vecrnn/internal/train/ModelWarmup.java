package dev.vecrnn.internal.train;

import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Softmax;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.internal.util.WarmupThread;
import dev.vecrnn.spi.Optimizer;

/**
 * Trains a small model of the run's kind (its cell, layers, hidden and word-vector sizes, softmax,
 * optimizer and clipping, but a vocabulary of {@value #VOCAB} random tokens) on a background
 * thread while the main thread reads and tokenizes the text: the JIT sees the run's own code
 * paths called and compiles them, the Vector API kernels above all, which run many times slower
 * until C2 has. Without it the first iterations of a word model pay for that: W4's first ten
 * took 3.3 s more than ten later ones (docs/ARCHITECTURE.md).
 *
 * <p>The model, its optimizer and every buffer are the warm-up's own and the kernels are
 * stateless, so nothing it does can change a result; it only moves compilation earlier
 * ({@link WarmupThread} runs it).
 */
public final class ModelWarmup {
    /** Tokens of the warm-up model's vocabulary. */
    static final int VOCAB = 512;
    /**
     * Step-rows (steps x streams) of a warm-up chunk, unless the run's chunks are smaller: enough
     * to take the paths a run's chunks take (transposed weights from 16 rows, the adaptive
     * softmax's transposed head from 256).
     */
    static final int ROWS = 256;
    /** Warm-up models larger than this (with gradients and optimizer state) are not worth their memory. */
    static final long MAX_BYTES = 64L << 20;
    /** Rounds, and seconds, after which the warm-up stops by itself: enough for C2 to compile what it calls. */
    static final int MAX_ROUNDS = 400;
    static final long MAX_NANOS = 10_000_000_000L;

    private ModelWarmup() {
    }

    /**
     * Starts warming {@code k} for a run of {@code settings}, with {@code optimizer} (an instance
     * of its own, not the run's) at rate {@code lr}; returns null when the warm-up model would be
     * too large, or the settings make none (the run itself then says what is wrong with them).
     */
    public static WarmupThread start(Kernels k, TrainSettings settings, Optimizer optimizer, double lr) {
        ModelSpec small;
        Clipping clipping;
        try {
            small = small(settings);
            clipping = TrainConfig.clipping(settings);
        } catch (RuntimeException e) {
            return null;
        }
        int b = Math.min(settings.batchSize(), 32);
        int t = Math.min(settings.seqLength(), Math.max(1, (ROWS + b - 1) / b));
        MemoryEstimate size = MemoryEstimate.training(small, t, b, optimizer.stateSlots());
        if (size.totalBytes() > MAX_BYTES) {
            return null;
        }
        return WarmupThread.start(MAX_ROUNDS, MAX_NANOS, () -> rounds(k, small, t, b, optimizer, (float) lr, clipping));
    }

    /** A model of the kind {@code s} trains, with the warm-up's vocabulary (and as many adaptive clusters, inside it). */
    static ModelSpec small(TrainSettings s) {
        int clusters = !s.adaptiveSoftmax() ? 0 : s.cutoffs() != null ? s.cutoffs().size() : 2;
        int[] cutoffs = new int[clusters];
        for (int i = 0; i < clusters; i++) {
            // the last cluster is the largest, as in a real vocabulary
            cutoffs[i] = VOCAB / 4 * (i + 1) / clusters;
        }
        return new ModelSpec(s.cell(), VOCAB, s.hidden(), s.layers(), s.dropout(), s.embedding(),
                Softmax.of(s.softmax()), cutoffs, s.divValue(), s.tieWeights());
    }

    /** Sets up the small model and returns a round: one training iteration of it on random tokens. */
    private static WarmupThread.Round rounds(Kernels k, ModelSpec spec, int steps, int batch, Optimizer optimizer,
                                             float lr, Clipping clipping) {
        Rng rng = new Rng(1);
        LanguageModel model = new LanguageModel(spec);
        ModelRun run = model.open(steps, batch);
        GradientStep step = new GradientStep(model, optimizer, clipping);
        float[][] state = model.newState(batch);
        int[] inputs = new int[steps * batch];
        int[] targets = new int[steps * batch];
        return r -> {
            if (r % 50 == 0) {
                // random targets drive the weights nowhere useful: start again before they grow large
                model.initialize(rng);
                for (float[] s : state) {
                    java.util.Arrays.fill(s, 0f);
                }
            }
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = rng.nextInt(VOCAB);
                targets[i] = rng.nextInt(VOCAB);
            }
            run.forward(inputs, targets, steps, state, rng, k);
            step.run(run, 1f / batch, lr, k);
        };
    }
}
