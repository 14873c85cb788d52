package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The optimizers' element-wise updates and the clipping's scaling, cut across threads by
 * {@link ParallelKernels}: large ones are really cut, small ones are not, and every cut gives the
 * bits of one whole call on the same kernels (vector body and scalar tail alike).
 */
class ParallelElementwiseTest {

    /** Counts the calls that reach the wrapped kernels, to see whether a pass was cut. */
    private static final class Counting extends ForwardingKernels {
        final AtomicInteger calls = new AtomicInteger();

        Counting(Kernels inner) {
            super(inner);
        }

        @Override
        protected Kernels decorate(Kernels partKernels) {
            return partKernels;
        }

        @Override
        public void scale(float alpha, float[] x, int xo, int n) {
            calls.incrementAndGet();
            super.scale(alpha, x, xo, n);
        }

        @Override
        public void movingAverage(float[] m, int mo, float[] g, int go, int n, float beta) {
            calls.incrementAndGet();
            super.movingAverage(m, mo, g, go, n, beta);
        }

        @Override
        public void movingSquareAverage(float[] v, int vo, float[] g, int go, int n, float beta) {
            calls.incrementAndGet();
            super.movingSquareAverage(v, vo, g, go, n, beta);
        }

        @Override
        public void rootScaledStep(float[] w, int wo, float[] num, int no, float[] den, int dOff, int n, float lr, float eps) {
            calls.incrementAndGet();
            super.rootScaledStep(w, wo, num, no, den, dOff, n, lr, eps);
        }

        @Override
        public void adagradBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float eps) {
            calls.incrementAndGet();
            super.adagradBlock(w, m, off, g, gOff, n, lr, eps);
        }

        @Override
        public void rmspropBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float decay, float eps) {
            calls.incrementAndGet();
            super.rmspropBlock(w, m, off, g, gOff, n, lr, decay, eps);
        }

        @Override
        public void adamBlock(float[] w, float[] m, float[] v, int off, float[] g, int gOff, int n,
                              float b1, float b2, float lrT, float epsT, float wdLr) {
            calls.incrementAndGet();
            super.adamBlock(w, m, v, off, g, gOff, n, b1, b2, lrT, epsT, wdLr);
        }

        @Override
        public void sgdBlock(float[] w, float[] v, int off, float[] g, int gOff, int n, float lr, float mu, boolean nesterov) {
            calls.incrementAndGet();
            super.sgdBlock(w, v, off, g, gOff, n, lr, mu, nesterov);
        }
    }

    /** One update applied to a set of arrays: weights, gradient and up to two state slots. */
    private interface Update {
        void apply(Kernels k, float[][] a, int off, int n);
    }

    private static final Update[] UPDATES = {
        (k, a, off, n) -> k.scale(0.37f, a[0], off, n),
        (k, a, off, n) -> k.movingAverage(a[2], off, a[1], off, n, 0.9f),
        (k, a, off, n) -> k.movingSquareAverage(a[3], off, a[1], off, n, 0.999f),
        (k, a, off, n) -> k.rootScaledStep(a[0], off, a[2], off, a[3], off, n, 0.01f, 1e-8f),
        (k, a, off, n) -> k.adagradBlock(a[0], a[2], off, a[1], off, n, 0.1f, 1e-8f),
        (k, a, off, n) -> k.rmspropBlock(a[0], a[2], off, a[1], off, n, 0.01f, 0.99f, 1e-8f),
        (k, a, off, n) -> k.adam(a[0], a[1], a[2], a[3], off, n, 0.9f, 0.999f, 2e-3f, 1e-8f, 1e-5f),
        (k, a, off, n) -> k.sgdBlock(a[0], a[2], off, a[1], off, n, 0.05f, 0.9f, true),
        (k, a, off, n) -> k.sgdBlock(a[0], null, off, a[1], off, n, 0.05f, 0f, false),
    };

    private static float[][] arrays(int size, long seed) {
        Random r = new Random(seed);
        float[][] a = new float[4][size];
        for (float[] x : a) {
            for (int i = 0; i < size; i++) {
                x[i] = (float) r.nextGaussian();
            }
        }
        // the squares' averages and accumulators are never negative
        for (int i = 0; i < size; i++) {
            a[3][i] = Math.abs(a[3][i]);
            a[2][i] = Math.abs(a[2][i]) + 0.1f;
        }
        return a;
    }

    @Test
    void largePassesAreCutAndGiveTheBitsOfOneCall() {
        Kernels one = new VectorKernels();
        for (int threads : new int[] {2, 3}) {
            for (int n : new int[] {200_003, 131_077}) {
                for (int u = 0; u < UPDATES.length; u++) {
                    int off = 5;
                    float[][] expected = arrays(n + off + 3, 11 * u + n);
                    float[][] actual = arrays(n + off + 3, 11 * u + n);
                    UPDATES[u].apply(one, expected, off, n);
                    Counting counting = new Counting(new VectorKernels());
                    try (ParallelKernels k = new ParallelKernels(counting, threads)) {
                        UPDATES[u].apply(k, actual, off, n);
                    }
                    assertTrue(counting.calls.get() > 1, "update " + u + " of " + n + " elements on " + threads + " threads was not cut");
                    for (int j = 0; j < 4; j++) {
                        assertArrayEquals(expected[j], actual[j], "update " + u + ", array " + j + ", " + n + " elements, " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void smallPassesStayWhole() {
        for (int u = 0; u < UPDATES.length; u++) {
            Counting counting = new Counting(new VectorKernels());
            float[][] a = arrays(1_000, u);
            try (ParallelKernels k = new ParallelKernels(counting, 2)) {
                UPDATES[u].apply(k, a, 0, 1_000);
            }
            assertEquals(1, counting.calls.get(), "update " + u);
        }
    }
}
