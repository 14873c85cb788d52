package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused LSTM/GRU step kernels and transpose of {@link VectorKernels} (each width) against
 * {@link ScalarKernels}, on hidden sizes around the vector lengths (tails of every length), one
 * and several rows, and offsets. Forward passes use the vector exp/tanh, so they agree to float
 * tolerance; the backward passes do the same operations in the same order, so they agree bit
 * for bit. Everything outside the rows a kernel owns is NaN (a read of it shows up as NaN) or a
 * sentinel (a stray write changes it).
 */
class FusedStepsConsistencyTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final int[] HIDDEN = {1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 48, 100};
    private static final int[] ROWS = {1, 3, 5};
    private static final int OFF = 3;
    private static final float SENTINEL = -7777.25f;

    static Stream<Kernels> vectorKernels() {
        return Stream.of(new VectorKernels(), new VectorKernels(128), new VectorKernels(256), new VectorKernels(512));
    }

    /** OFF unused floats, n values in [-scale, scale], 2 unused floats; unused ones are {@code gap}. */
    private static float[] array(Random rnd, int n, float scale, float gap) {
        float[] x = new float[OFF + n + 2];
        java.util.Arrays.fill(x, gap);
        for (int i = 0; i < n; i++) {
            x[OFF + i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    private static float[] input(Random rnd, int n, float scale) {
        return array(rnd, n, scale, Float.NaN);
    }

    private static float[] output(int n) {
        return array(new Random(0), n, 0, SENTINEL);
    }

    /** Activated gates: sigmoids in (0, 1) for the first {@code sig} of each row, tanh in (-1, 1) after. */
    private static float[] activated(Random rnd, int rows, int width, int sig) {
        float[] x = input(rnd, rows * width, 1);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < sig; j++) {
                int at = OFF + r * width + j;
                x[at] = (x[at] + 1) / 2;
            }
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean same = Float.isNaN(e) ? Float.isNaN(a) : Math.abs(e - a) <= tol * Math.max(1, Math.abs(e));
            if (!same) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void lstmStep(Kernels k) {
        Random rnd = new Random(11);
        for (int h : HIDDEN) {
            for (int rows : ROWS) {
                String at = k.name() + " h=" + h + " rows=" + rows;
                // pre-activations up to +-12: saturated gates as well as the middle
                float[] gates = input(rnd, rows * 4 * h, 12);
                float[] cPrev = input(rnd, rows * h, 2);
                float[] gs = gates.clone();
                float[] gv = gates.clone();
                float[][] s = {output(rows * h), output(rows * h), output(rows * h)};
                float[][] v = {output(rows * h), output(rows * h), output(rows * h)};
                SCALAR.lstmForward(rows, h, gs, OFF, cPrev, OFF, s[0], OFF, s[1], OFF, s[2], OFF);
                k.lstmForward(rows, h, gv, OFF, cPrev, OFF, v[0], OFF, v[1], OFF, v[2], OFF);
                assertClose(gs, gv, 2e-6, "lstmForward gates " + at);
                assertClose(s[0], v[0], 4e-6, "lstmForward c " + at);
                assertClose(s[1], v[1], 4e-6, "lstmForward tanh(c) " + at);
                assertClose(s[2], v[2], 4e-6, "lstmForward h " + at);

                float[] act = activated(rnd, rows, 4 * h, 3 * h);
                float[] tc = input(rnd, rows * h, 1);
                float[] dh = input(rnd, rows * h, 1);
                float[] dcs = input(rnd, rows * h, 1);
                float[] dcv = dcs.clone();
                float[] ds = output(rows * 4 * h);
                float[] dv = output(rows * 4 * h);
                SCALAR.lstmBackward(rows, h, act, OFF, cPrev, OFF, tc, OFF, dh, OFF, dcs, OFF, ds, OFF);
                k.lstmBackward(rows, h, act, OFF, cPrev, OFF, tc, OFF, dh, OFF, dcv, OFF, dv, OFF);
                assertArrayEquals(ds, dv, "lstmBackward dGates " + at);
                assertArrayEquals(dcs, dcv, "lstmBackward dc " + at);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void gruStep(Kernels k) {
        Random rnd = new Random(12);
        for (int h : HIDDEN) {
            for (int rows : ROWS) {
                String at = k.name() + " h=" + h + " rows=" + rows;
                float[] gates = input(rnd, rows * 3 * h, 6);
                float[] hp = input(rnd, rows * 3 * h, 6);
                float[] hPrev = input(rnd, rows * h, 1);
                float[] gs = gates.clone();
                float[] gv = gates.clone();
                float[] hs = output(rows * h);
                float[] hv = output(rows * h);
                SCALAR.gruForward(rows, h, gs, OFF, hp, OFF, hPrev, OFF, hs, OFF);
                k.gruForward(rows, h, gv, OFF, hp, OFF, hPrev, OFF, hv, OFF);
                assertClose(gs, gv, 4e-6, "gruForward gates " + at);
                assertClose(hs, hv, 4e-6, "gruForward h " + at);

                float[] act = activated(rnd, rows, 3 * h, 2 * h);
                float[] dh = input(rnd, rows * h, 1);
                for (boolean toPrev : new boolean[] {true, false}) {
                    float[][] s = {output(rows * 3 * h), output(rows * 3 * h), input(rnd, rows * h, 1)};
                    float[][] v = {s[0].clone(), s[1].clone(), s[2].clone()};
                    SCALAR.gruBackward(rows, h, act, OFF, hp, OFF, hPrev, OFF, dh, OFF, s[0], OFF, s[1], OFF,
                            toPrev ? s[2] : null, OFF);
                    k.gruBackward(rows, h, act, OFF, hp, OFF, hPrev, OFF, dh, OFF, v[0], OFF, v[1], OFF,
                            toPrev ? v[2] : null, OFF);
                    String w = at + (toPrev ? " with dhPrev" : " without dhPrev");
                    assertArrayEquals(s[0], v[0], "gruBackward dGates " + w);
                    assertArrayEquals(s[1], v[1], "gruBackward dHp " + w);
                    assertArrayEquals(s[2], v[2], "gruBackward dhPrev " + w);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void transpose(Kernels k) {
        Random rnd = new Random(13);
        // around the blocks of 8 and 16 lanes, and the one-stream run's 100 x 100 and 65 x 100
        for (int rows : new int[] {1, 3, 8, 16, 17, 40, 65, 100}) {
            for (int cols : new int[] {1, 5, 8, 16, 33, 100}) {
                // a inside a wider matrix (lda = cols + 2), t inside one with ldt = rows + 3
                float[] a = input(rnd, rows * (cols + 2), 1);
                float[] ts = output(cols * (rows + 3));
                float[] tv = output(cols * (rows + 3));
                SCALAR.transpose(rows, cols, a, OFF, cols + 2, ts, OFF, rows + 3);
                k.transpose(rows, cols, a, OFF, cols + 2, tv, OFF, rows + 3);
                assertArrayEquals(ts, tv, k.name() + " transpose " + rows + "x" + cols);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        if (ts[OFF + j * (rows + 3) + i] != a[OFF + i * (cols + 2) + j]) {
                            fail("transpose " + rows + "x" + cols + " element " + i + "," + j);
                        }
                    }
                }
            }
        }
    }
}
