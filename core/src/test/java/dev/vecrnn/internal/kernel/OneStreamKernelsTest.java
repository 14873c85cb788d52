package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-stream kernels of {@link VectorKernels} (each width) against {@link ScalarKernels}, on
 * sizes around the vector lengths (the overlapping last vector, a pass of 8 vectors and one
 * more, and the scalar loop below one vector), one and several steps, and offsets. The sums are one FMA chain in the same order in
 * both, so backward and {@code rowsTimesMatrix} agree bit for bit; forward differs only by the
 * vector tanh (a few ulps, which then feed the next step). Everything outside what a kernel may
 * read is NaN, everything outside what it may write a sentinel.
 */
class OneStreamKernelsTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final int[] SIZES = {1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 48, 65, 100};
    private static final int[] STEPS = {1, 2, 5};
    static final int OFF = 3;
    static final float SENTINEL = -7777.25f;

    static Stream<Kernels> vectorKernels() {
        return Stream.of(new VectorKernels(), new VectorKernels(128), new VectorKernels(256), new VectorKernels(512));
    }

    /** n values in [-scale, scale] at OFF, NaN around them. */
    static float[] input(Random rnd, int n, float scale) {
        float[] x = new float[OFF + n + 2];
        Arrays.fill(x, Float.NaN);
        for (int i = 0; i < n; i++) {
            x[OFF + i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    /** Room for n values at OFF, all of it the sentinel. */
    static float[] output(int n) {
        float[] x = new float[OFF + n + 2];
        Arrays.fill(x, SENTINEL);
        return x;
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void rnnForward(Kernels k) {
        Random rnd = new Random(21);
        for (int h : SIZES) {
            for (int steps : STEPS) {
                String at = k.name() + " h=" + h + " steps=" + steps;
                float[] wT = input(rnd, h * h, 1f / (float) Math.sqrt(h));
                float[] h0 = input(rnd, h, 1);
                float[] x = input(rnd, steps * h, 2);
                float[] xCopy = x.clone();
                float[] ys = output(steps * h);
                float[] yv = output(steps * h);
                SCALAR.rnnForwardOneStream(steps, h, wT, OFF, h0, OFF, x, OFF, ys, OFF);
                k.rnnForwardOneStream(steps, h, wT, OFF, h0, OFF, x, OFF, yv, OFF);
                assertArrayEquals(xCopy, x, "input changed " + at);
                for (int i = 0; i < ys.length; i++) {
                    boolean inside = i >= OFF && i < OFF + steps * h;
                    if (!inside) {
                        assertTrue(yv[i] == SENTINEL, "stray write at " + i + " " + at);
                    } else if (Math.abs(ys[i] - yv[i]) > 1e-5) {
                        fail("forward " + at + ": element " + i + " expected " + ys[i] + " but was " + yv[i]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void rnnBackward(Kernels k) {
        Random rnd = new Random(22);
        for (int h : SIZES) {
            for (int steps : STEPS) {
                String at = k.name() + " h=" + h + " steps=" + steps;
                float[] w = input(rnd, h * h, 1f / (float) Math.sqrt(h));
                float[] y = input(rnd, steps * h, 1);
                float[] d = input(rnd, steps * h, 1);
                float[] dCopy = d.clone();
                float[] dxs = output(steps * h);
                float[] dxv = output(steps * h);
                SCALAR.rnnBackwardOneStream(steps, h, w, OFF, y, OFF, d, OFF, dxs, OFF);
                k.rnnBackwardOneStream(steps, h, w, OFF, y, OFF, d, OFF, dxv, OFF);
                assertArrayEquals(dxs, dxv, "backward " + at);
                assertArrayEquals(dCopy, d, "input changed " + at);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void rowsTimesMatrix(Kernels k) {
        Random rnd = new Random(23);
        // n around one pass of 8 vectors and one more at every width: the overlapping pair split;
        // m around the blocks of four rows
        int[] widths = {1, 3, 4, 7, 8, 9, 15, 16, 17, 33, 64, 65, 81, 100, 129, 136, 145, 257, 280};
        for (int n : widths) {
            for (int kk : new int[] {1, 5, 25}) {
                for (int m : new int[] {1, 2, 4, 5, 9}) {
                    String at = k.name() + " m=" + m + " n=" + n + " k=" + kk;
                    float[] a = input(rnd, m * kk, 1);
                    float[] b = input(rnd, kk * n, 1);
                    float[] cs = input(rnd, m * n, 1);
                    float[] cv = cs.clone();
                    SCALAR.rowsTimesMatrix(m, n, kk, a, OFF, b, OFF, cs, OFF);
                    k.rowsTimesMatrix(m, n, kk, a, OFF, b, OFF, cv, OFF);
                    assertArrayEquals(cs, cv, "rowsTimesMatrix " + at);
                }
            }
        }
    }

    /** The scalar product against sums in double, starting from C: it accumulates, in place. */
    @ParameterizedTest
    @MethodSource("vectorKernels")
    void rowsTimesMatrixAddsToC(Kernels k) {
        Random rnd = new Random(25);
        int m = 2, n = 37, kk = 9;
        float[] a = input(rnd, m * kk, 1);
        float[] b = input(rnd, kk * n, 1);
        float[] c = input(rnd, m * n, 1);
        float[] before = c.clone();
        k.rowsTimesMatrix(m, n, kk, a, OFF, b, OFF, c, OFF);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                double s = before[OFF + r * n + j];
                for (int p = 0; p < kk; p++) {
                    s += (double) a[OFF + r * kk + p] * b[OFF + p * n + j];
                }
                assertTrue(Math.abs(s - c[OFF + r * n + j]) < 1e-5, k.name() + " row " + r + " column " + j);
            }
        }
    }

    /** The scalar reference itself, against sums in double: the order is a chain, not a different result. */
    @ParameterizedTest
    @MethodSource("vectorKernels")
    void scalarForwardIsTheRecurrence(Kernels unused) {
        Random rnd = new Random(24);
        int h = 17;
        int steps = 3;
        float[] wT = input(rnd, h * h, 0.3f);
        float[] h0 = input(rnd, h, 1);
        float[] x = input(rnd, steps * h, 1);
        float[] y = output(steps * h);
        SCALAR.rnnForwardOneStream(steps, h, wT, OFF, h0, OFF, x, OFF, y, OFF);
        double[] prev = new double[h];
        for (int j = 0; j < h; j++) {
            prev[j] = h0[OFF + j];
        }
        for (int t = 0; t < steps; t++) {
            double[] next = new double[h];
            for (int j = 0; j < h; j++) {
                double s = x[OFF + t * h + j];
                for (int p = 0; p < h; p++) {
                    s += prev[p] * wT[OFF + p * h + j];
                }
                next[j] = Math.tanh(s);
                assertTrue(Math.abs(next[j] - y[OFF + t * h + j]) < 1e-5, "step " + t + " column " + j);
            }
            prev = next;
        }
    }
}
