package dev.vecrnn.internal.kernel;

import dev.vecrnn.internal.util.WarmupThread;

import java.util.Random;

/**
 * Runs the kernels of a one-stream (batch 1) vanilla RNN iteration on scratch arrays, on a
 * background thread, while the main thread reads and tokenizes the text: the JIT sees them called
 * and compiles them (the Vector API code is slow until C2 has) before training needs them. The
 * kernels are stateless and the arrays are the warm-up's own, so nothing it does can change a
 * result; it only moves compilation earlier ({@link WarmupThread} runs it).
 */
public final class KernelWarmup {
    /** Rounds after which the warm-up stops by itself: enough for C2 to compile what it calls. */
    static final int MAX_ROUNDS = 4000;
    /** Steps of a round: the seed's chunk. */
    private static final int STEPS = 25;
    /** Tokens the output layer is warmed with: the seed's characters. */
    private static final int VOCAB = 65;

    private KernelWarmup() {
    }

    /** Largest hidden size warmed: beyond it the iteration is long enough to warm itself. */
    static final int MAX_HIDDEN = 1024;

    /**
     * Starts warming {@code k} for a hidden size of {@code hidden}, or returns null for a size
     * it does not warm (the settings are checked later, by the run itself).
     */
    public static WarmupThread start(Kernels k, int hidden) {
        if (hidden < 1 || hidden > MAX_HIDDEN) {
            return null;
        }
        return WarmupThread.start(MAX_ROUNDS, Long.MAX_VALUE, () -> rounds(k, hidden));
    }

    private static WarmupThread.Round rounds(Kernels k, int h) {
        Random rnd = new Random(1);
        float[] w = randoms(rnd, h * h, 0.1f);
        float[] wT = new float[h * h];
        float[] out = randoms(rnd, VOCAB * h, 0.1f);
        float[] outT = new float[h * VOCAB];
        float[] bias = randoms(rnd, VOCAB, 0.1f);
        float[] x = randoms(rnd, STEPS * h, 1f);
        float[] h0 = new float[h];
        float[] y = new float[STEPS * h];
        float[] dy = new float[STEPS * h];
        float[] dx = new float[STEPS * h];
        float[] logits = new float[STEPS * VOCAB];
        float[] dT = new float[VOCAB * STEPS];
        float[] gradient = new float[VOCAB * h];
        float[] memory = new float[VOCAB * h];
        int[] ids = new int[STEPS];
        for (int i = 0; i < STEPS; i++) {
            ids[i] = rnd.nextInt(VOCAB);
        }
        return r -> {
            k.gatherRows(out, h, ids, 0, STEPS, x, 0);
            k.addRowVector(h0, 0, x, 0, STEPS, h, h);
            k.transpose(h, h, w, 0, h, wT, 0, h);
            k.rnnForwardOneStream(STEPS, h, wT, 0, h0, 0, x, 0, y, 0);
            k.transpose(VOCAB, h, out, 0, h, outT, 0, VOCAB);
            for (int t = 0; t < STEPS; t++) {
                System.arraycopy(bias, 0, logits, t * VOCAB, VOCAB);
            }
            k.rowsTimesMatrix(STEPS, VOCAB, h, y, 0, outT, 0, logits, 0);
            for (int t = 0; t < STEPS; t++) {
                k.softmax(logits, t * VOCAB, VOCAB);
            }
            java.util.Arrays.fill(dy, 0f);
            k.rowsTimesMatrix(STEPS, h, VOCAB, logits, 0, out, 0, dy, 0);
            k.rnnBackwardOneStream(STEPS, h, w, 0, y, 0, dy, 0, dx, 0);
            k.transpose(STEPS, VOCAB, logits, 0, VOCAB, dT, 0, STEPS);
            java.util.Arrays.fill(gradient, 0f);
            k.rowsTimesMatrix(VOCAB, h, STEPS, dT, 0, y, 0, gradient, 0);
            k.addColumnSums(logits, 0, STEPS, VOCAB, VOCAB, bias, 0);
            k.clip(gradient, 0, gradient.length, 5f);
            k.adagradBlock(out, memory, 0, gradient, 0, gradient.length, 1e-3f, 1e-8f);
            k.tanh(dx, 0, h);
        };
    }

    private static float[] randoms(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return a;
    }
}
