package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.vecrnn.internal.kernel.OneStreamKernelsTest.OFF;
import static dev.vecrnn.internal.kernel.OneStreamKernelsTest.SENTINEL;
import static dev.vecrnn.internal.kernel.OneStreamKernelsTest.input;
import static dev.vecrnn.internal.kernel.OneStreamKernelsTest.output;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LSTM and GRU one-stream kernels: on every kernels (scalar, each vector width, and threaded,
 * which forwards them) equal bit for bit to their definition, the step loop over
 * {@code rowsTimesMatrix} and the row kernels of the same kernels, on sizes around the vector
 * lengths, one and several steps, at offsets; they read nothing outside their inputs (NaN there)
 * and write nothing outside their outputs (a sentinel there).
 */
class OneStreamCellKernelsTest {

    private static final int[] SIZES = {1, 3, 8, 9, 16, 17, 33, 100};
    private static final int[] STEPS = {1, 2, 5};

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels(), new VectorKernels(128), new VectorKernels(256),
                new VectorKernels(512), new ParallelKernels(new VectorKernels(), 2));
    }

    /** An output buffer whose inside starts as {@code inside} (the kernel adds to it or reads it first). */
    private static float[] withInside(float[] inside) {
        float[] x = inside.clone();
        for (int i = 0; i < x.length; i++) {
            if (i < OFF || i >= x.length - 2) {
                x[i] = SENTINEL;
            }
        }
        return x;
    }

    private static void assertNoStrayWrites(float[] x, String what) {
        for (int i = 0; i < OFF; i++) {
            assertTrue(x[i] == SENTINEL, what + ": stray write at " + i);
        }
        for (int i = x.length - 2; i < x.length; i++) {
            assertTrue(x[i] == SENTINEL, what + ": stray write at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void lstmForwardIsTheStepLoop(Kernels k) {
        Random rnd = new Random(31);
        for (int h : SIZES) {
            for (int steps : STEPS) {
                String at = k.name() + " h=" + h + " steps=" + steps;
                float[] wT = input(rnd, h * 4 * h, 1f / (float) Math.sqrt(h));
                float[] h0 = input(rnd, h, 1);
                float[] c0 = input(rnd, h, 1);
                float[] xproj = input(rnd, steps * 4 * h, 1);
                float[] gates = withInside(xproj);
                float[] c = output(steps * h);
                float[] tc = output(steps * h);
                float[] y = output(steps * h);
                k.lstmForwardOneStream(steps, h, wT, OFF, h0, OFF, c0, OFF, gates, OFF, c, OFF, tc, OFF, y, OFF);

                float[] gatesRef = withInside(xproj);
                float[] cRef = output(steps * h);
                float[] tcRef = output(steps * h);
                float[] yRef = output(steps * h);
                for (int t = 0; t < steps; t++) {
                    int gr = OFF + t * 4 * h;
                    k.rowsTimesMatrix(1, 4 * h, h, t == 0 ? h0 : yRef, OFF + Math.max(0, t - 1) * h, wT, OFF, gatesRef, gr);
                    k.lstmForward(1, h, gatesRef, gr, t == 0 ? c0 : cRef, OFF + Math.max(0, t - 1) * h,
                            cRef, OFF + t * h, tcRef, OFF + t * h, yRef, OFF + t * h);
                }
                assertArrayEquals(gatesRef, gates, "gates " + at);
                assertArrayEquals(cRef, c, "c " + at);
                assertArrayEquals(tcRef, tc, "tanh(c) " + at);
                assertArrayEquals(yRef, y, "h " + at);
                for (float[] x : new float[][] {gates, c, tc, y}) {
                    assertNoStrayWrites(x, at);
                }
                assertTrue(Float.isFinite(y[OFF + steps * h - 1]), "a finite last output " + at);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void lstmBackwardIsTheStepLoop(Kernels k) {
        Random rnd = new Random(32);
        for (int h : SIZES) {
            for (int steps : STEPS) {
                String at = k.name() + " h=" + h + " steps=" + steps;
                float[] w = input(rnd, 4 * h * h, 1f / (float) Math.sqrt(h));
                float[] gates = input(rnd, steps * 4 * h, 1);
                for (int i = OFF; i < OFF + steps * 4 * h; i++) {
                    gates[i] = 0.5f + 0.45f * gates[i]; // activated gates: in (0, 1)
                }
                float[] c0 = input(rnd, h, 1);
                float[] c = input(rnd, steps * h, 1);
                float[] tc = input(rnd, steps * h, 0.9f);
                float[] dhIn = input(rnd, steps * h, 1);
                float[] dcIn = input(rnd, h, 1);
                float[] dh = withInside(dhIn);
                float[] dc = withInside(dcIn);
                float[] dGates = output(steps * 4 * h);
                float[] gatesCopy = gates.clone();
                k.lstmBackwardOneStream(steps, h, w, OFF, gates, OFF, c0, OFF, c, OFF, tc, OFF, dh, OFF, dc, OFF, dGates, OFF);

                float[] dhRef = withInside(dhIn);
                float[] dcRef = withInside(dcIn);
                float[] dGatesRef = output(steps * 4 * h);
                for (int t = steps - 1; t >= 0; t--) {
                    int dr = OFF + t * 4 * h;
                    k.lstmBackward(1, h, gates, OFF + t * 4 * h, t == 0 ? c0 : c, OFF + Math.max(0, t - 1) * h, tc,
                            OFF + t * h, dhRef, OFF + t * h, dcRef, OFF, dGatesRef, dr);
                    if (t > 0) {
                        k.rowsTimesMatrix(1, h, 4 * h, dGatesRef, dr, w, OFF, dhRef, OFF + (t - 1) * h);
                    }
                }
                assertArrayEquals(dGatesRef, dGates, "dGates " + at);
                assertArrayEquals(dhRef, dh, "dh " + at);
                assertArrayEquals(dcRef, dc, "dc " + at);
                assertArrayEquals(gatesCopy, gates, "gates changed " + at);
                for (float[] x : new float[][] {dGates, dh, dc}) {
                    assertNoStrayWrites(x, at);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gruForwardIsTheStepLoop(Kernels k) {
        Random rnd = new Random(33);
        for (int h : SIZES) {
            for (int steps : STEPS) {
                String at = k.name() + " h=" + h + " steps=" + steps;
                float[] wT = input(rnd, h * 3 * h, 1f / (float) Math.sqrt(h));
                float[] bhn = input(rnd, h, 1);
                float[] h0 = input(rnd, h, 1);
                float[] xproj = input(rnd, steps * 3 * h, 1);
                float[] gates = withInside(xproj);
                float[] hp = output(steps * 3 * h);
                float[] y = output(steps * h);
                k.gruForwardOneStream(steps, h, wT, OFF, bhn, OFF, h0, OFF, gates, OFF, hp, OFF, y, OFF);

                float[] gatesRef = withInside(xproj);
                float[] hpRef = output(steps * 3 * h);
                float[] yRef = output(steps * h);
                for (int t = 0; t < steps; t++) {
                    int pr = OFF + t * 3 * h;
                    Arrays.fill(hpRef, pr, pr + 2 * h, 0f);
                    System.arraycopy(bhn, OFF, hpRef, pr + 2 * h, h);
                    float[] prev = t == 0 ? h0 : yRef;
                    int po = OFF + Math.max(0, t - 1) * h;
                    k.rowsTimesMatrix(1, 3 * h, h, prev, po, wT, OFF, hpRef, pr);
                    k.gruForward(1, h, gatesRef, OFF + t * 3 * h, hpRef, pr, prev, po, yRef, OFF + t * h);
                }
                assertArrayEquals(gatesRef, gates, "gates " + at);
                assertArrayEquals(hpRef, hp, "hp " + at);
                assertArrayEquals(yRef, y, "h " + at);
                for (float[] x : new float[][] {gates, hp, y}) {
                    assertNoStrayWrites(x, at);
                }
                assertTrue(Float.isFinite(y[OFF + steps * h - 1]), "a finite last output " + at);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gruBackwardIsTheStepLoop(Kernels k) {
        Random rnd = new Random(34);
        for (int h : SIZES) {
            for (int steps : STEPS) {
                String at = k.name() + " h=" + h + " steps=" + steps;
                float[] w = input(rnd, 3 * h * h, 1f / (float) Math.sqrt(h));
                float[] gates = input(rnd, steps * 3 * h, 1);
                for (int i = OFF; i < OFF + steps * 3 * h; i++) {
                    gates[i] = 0.5f + 0.45f * gates[i];
                }
                float[] hp = input(rnd, steps * 3 * h, 1);
                float[] h0 = input(rnd, h, 1);
                float[] y = input(rnd, steps * h, 1);
                float[] dhIn = input(rnd, steps * h, 1);
                float[] dh = withInside(dhIn);
                float[] dGates = output(steps * 3 * h);
                float[] dHp = output(steps * 3 * h);
                k.gruBackwardOneStream(steps, h, w, OFF, gates, OFF, hp, OFF, h0, OFF, y, OFF, dh, OFF, dGates, OFF, dHp, OFF);

                float[] dhRef = withInside(dhIn);
                float[] dGatesRef = output(steps * 3 * h);
                float[] dHpRef = output(steps * 3 * h);
                for (int t = steps - 1; t >= 0; t--) {
                    int pr = OFF + t * 3 * h;
                    k.gruBackward(1, h, gates, OFF + t * 3 * h, hp, pr, t == 0 ? h0 : y, OFF + Math.max(0, t - 1) * h,
                            dhRef, OFF + t * h, dGatesRef, OFF + t * 3 * h, dHpRef, pr,
                            t > 0 ? dhRef : null, OFF + (t - 1) * h);
                    if (t > 0) {
                        k.rowsTimesMatrix(1, h, 3 * h, dHpRef, pr, w, OFF, dhRef, OFF + (t - 1) * h);
                    }
                }
                assertArrayEquals(dGatesRef, dGates, "dGates " + at);
                assertArrayEquals(dHpRef, dHp, "dHp " + at);
                assertArrayEquals(dhRef, dh, "dh " + at);
                for (float[] x : new float[][] {dGates, dHp, dh}) {
                    assertNoStrayWrites(x, at);
                }
            }
        }
    }
}
