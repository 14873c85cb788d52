package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.ForwardingKernels;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.train.TrainState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Training with other kernels gives the scalar kernels' loss curve to float tolerance: the
 * Vector API kernels when they are on the class path, and always a stand-in that rounds
 * differently (partial sums, float transcendentals), which shows the tolerance is one that real
 * rounding differences meet.
 */
class KernelAgreementTest {
    private static final int STEPS = 10;
    private static final int BATCH = 4;
    private static final int ITERATIONS = 40;
    /** Relative difference allowed between the losses of the same iteration (rounding alone gives ~1e-6). */
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void vectorKernelsFollowTheScalarLossCurve(String cell) {
        assumeTrue(vectorKernelsPresent(), "dev.vecrnn.internal.kernel.vector.VectorKernels is not on the class path yet");
        assertSameCurve(cell, KernelsLoader.vector());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void differentlyRoundedKernelsFollowTheScalarLossCurve(String cell) {
        assertSameCurve(cell, new Reordered());
    }

    private static void assertSameCurve(String cell, Kernels other) {
        int[] ids = TestTraining.corpus(3000, 3);
        List<Double> reference = curve(cell, ids, new ScalarKernels());
        List<Double> candidate = curve(cell, ids, other);
        assertEquals(reference.size(), candidate.size());
        assertTrue(reference.get(ITERATIONS - 1) < 0.8 * reference.get(0), "the run must learn to be a useful comparison");
        double worst = 0;
        for (int i = 0; i < reference.size(); i++) {
            double a = reference.get(i);
            double b = candidate.get(i);
            worst = Math.max(worst, Math.abs(a - b) / a);
            assertEquals(a, b, TOLERANCE * a, "iteration " + i + " with " + other.name());
        }
        // a kernel that rounds no differently would make this test prove nothing
        assertTrue(worst > 0, other.name() + " gave bit-identical losses");
    }

    private static List<Double> curve(String cell, int[] ids, Kernels k) {
        LanguageModel m = TestTraining.model(cell, 24, 2, 0.2f, 4);
        TrainState s = TestTraining.state(m, BATCH, STEPS, 8);
        return TestTraining.train(m, new TestTraining.Adam(), k, TestTraining.config(STEPS, BATCH, ITERATIONS), ids, s);
    }

    private static boolean vectorKernelsPresent() {
        try {
            Class.forName("dev.vecrnn.internal.kernel.vector.VectorKernels");
            return KernelsLoader.vectorAvailable();
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The scalar kernels with a vector kernel's rounding: dot products in 8 partial sums, float exp. */
    static final class Reordered extends ForwardingKernels {
        Reordered() {
            super(new ScalarKernels());
        }

        @Override
        protected Kernels decorate(Kernels partKernels) {
            throw new AssertionError("the scalar kernels run every part on the calling thread");
        }

        @Override
        public String name() {
            return "reordered";
        }

        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            float[] acc = new float[8];
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                for (int l = 0; l < 8; l++) {
                    acc[l] += a[ao + i + l] * b[bo + i + l];
                }
            }
            float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
            for (; i < n; i++) {
                s += a[ao + i] * b[bo + i];
            }
            return s;
        }

        @Override
        public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[co + i * ldc + j] += dot(a, ao + i * lda, b, bo + j * ldb, k);
                }
            }
        }

        @Override
        public void tanh(float[] x, int xo, int n) {
            for (int i = 0; i < n; i++) {
                float e = (float) Math.exp(-2f * x[xo + i]);
                x[xo + i] = Float.isInfinite(e) ? -1f : (1f - e) / (1f + e);
            }
        }

        @Override
        public void sigmoid(float[] x, int xo, int n) {
            for (int i = 0; i < n; i++) {
                x[xo + i] = 1f / (1f + (float) Math.exp(-x[xo + i]));
            }
        }
    }
}
