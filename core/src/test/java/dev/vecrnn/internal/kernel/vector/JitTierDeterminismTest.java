package dev.vecrnn.internal.kernel.vector;

import dev.vecrnn.internal.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector kernels must round the same way interpreted and compiled: otherwise a run depends
 * on when the JIT compiles what, and a resumed run (cold JIT) differs from an unbroken one.
 * Compares every kernel whose fallback could differ from its compiled form, computed in a child
 * JVM that only interprets ({@code -Xint}) and here after a warm-up that gets it compiled.
 */
class JitTierDeterminismTest {

    /** Bits of the results of the kernels on fixed data, as one line of hex. */
    static String probe(Kernels k) {
        Random rnd = new Random(42);
        int n = 1003;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 3);
            y[i] = (float) rnd.nextGaussian();
        }
        x[5] = 95f; // beyond the clamp of exp
        x[6] = -95f;
        x[7] = 1e-5f; // tanh near 0
        StringBuilder sb = new StringBuilder();
        float[] t = x.clone();
        k.tanh(t, 0, n);
        bits(sb, t);
        float[] s = x.clone();
        k.sigmoid(s, 0, n);
        bits(sb, s);
        float[] sm = x.clone();
        sb.append(Integer.toHexString(Float.floatToIntBits(k.softmax(sm, 0, n)))).append(';');
        bits(sb, sm);
        sb.append(Integer.toHexString(Float.floatToIntBits(k.dot(x, 0, y, 0, n)))).append(';');
        sb.append(Long.toHexString(Double.doubleToLongBits(k.sumSquares(x, 0, n)))).append(';');
        float[] c = new float[25 * 37];
        k.gemmNT(25, 37, 27, x, 0, 27, y, 0, 27, c, 0, 37);
        bits(sb, c);
        float[] d = new float[3 * 37];
        k.gemmNN(3, 37, 27, x, 0, 27, y, 0, 37, d, 0, 37);
        bits(sb, d);
        // rows of 6 vectors at 16 lanes (bc1xN), 12 at 8 (bc1x8 and bc1x4)
        float[] e = new float[3 * 90];
        k.gemmNN(3, 90, 11, x, 0, 11, y, 0, 90, e, 0, 90);
        bits(sb, e);
        // gemmNT on a packed B^T (transposed in registers), gemmTN with a partial last vector
        float[] f = new float[33 * 20];
        k.gemmNT(33, 20, 27, x, 0, 27, y, 0, 27, f, 0, 20);
        bits(sb, f);
        float[] g = new float[20 * 37];
        k.gemmTN(20, 37, 27, x, 0, 20, y, 0, 37, g, 0, 37);
        bits(sb, g);
        fusedSteps(sb, k, x, y);
        oneStream(sb, k, x, y);
        return sb.toString();
    }

    /**
     * The one-stream kernels: 3 steps of hidden size 21 (an overlapping last vector), a 5 x 65
     * product, and 3 LSTM and GRU steps of hidden size 19.
     */
    private static void oneStream(StringBuilder sb, Kernels k, float[] x, float[] y) {
        int h = 21;
        int steps = 3;
        float[] out = new float[steps * h];
        k.rnnForwardOneStream(steps, h, y, 0, x, 0, x, 40, out, 0);
        bits(sb, out);
        float[] dx = new float[steps * h];
        k.rnnBackwardOneStream(steps, h, y, 0, out, 0, x, 200, dx, 0);
        bits(sb, dx);
        float[] c = java.util.Arrays.copyOfRange(x, 100, 100 + 5 * 65);
        k.rowsTimesMatrix(5, 65, 11, x, 0, y, 0, c, 0);
        bits(sb, c);
        // LSTM and GRU: 3 steps of hidden size 19 (gate rows of several vectors and a tail)
        int g = 19;
        float[] w = new float[4 * g * g];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.3f * y[i % y.length];
        }
        float[] gates = java.util.Arrays.copyOfRange(x, 0, steps * 4 * g);
        float[] cs = new float[steps * g];
        float[] tcs = new float[steps * g];
        float[] hs = new float[steps * g];
        k.lstmForwardOneStream(steps, g, w, 0, x, 300, x, 400, gates, 0, cs, 0, tcs, 0, hs, 0);
        bits(sb, hs);
        bits(sb, tcs);
        float[] dh = java.util.Arrays.copyOfRange(x, 500, 500 + steps * g);
        float[] dcs = java.util.Arrays.copyOfRange(y, 600, 600 + g);
        float[] dGates = new float[steps * 4 * g];
        k.lstmBackwardOneStream(steps, g, w, 0, gates, 0, x, 400, cs, 0, tcs, 0, dh, 0, dcs, 0, dGates, 0);
        bits(sb, dGates);
        bits(sb, dcs);
        float[] g3 = java.util.Arrays.copyOfRange(x, 700, 700 + steps * 3 * g);
        float[] hp = new float[steps * 3 * g];
        float[] gy = new float[steps * g];
        k.gruForwardOneStream(steps, g, w, 0, y, 900, x, 300, g3, 0, hp, 0, gy, 0);
        bits(sb, gy);
        float[] gdh = java.util.Arrays.copyOfRange(y, 500, 500 + steps * g);
        float[] dg = new float[steps * 3 * g];
        float[] dhp = new float[steps * 3 * g];
        k.gruBackwardOneStream(steps, g, w, g, g3, 0, hp, 0, x, 300, gy, 0, gdh, 0, dg, 0, dhp, 0);
        bits(sb, dg);
        bits(sb, gdh);
    }

    /** The fused LSTM and GRU steps, 2 rows of hidden size 37 (vector tails), forward and backward. */
    private static void fusedSteps(StringBuilder sb, Kernels k, float[] x, float[] y) {
        int h = 37;
        int rows = 2;
        float[] gates = java.util.Arrays.copyOfRange(x, 0, rows * 4 * h);
        float[] c = new float[rows * h];
        float[] tc = new float[rows * h];
        float[] hOut = new float[rows * h];
        k.lstmForward(rows, h, gates, 0, y, 0, c, 0, tc, 0, hOut, 0);
        bits(sb, gates);
        bits(sb, c);
        bits(sb, tc);
        bits(sb, hOut);
        float[] dc = java.util.Arrays.copyOfRange(y, 100, 100 + rows * h);
        float[] dGates = new float[rows * 4 * h];
        k.lstmBackward(rows, h, gates, 0, y, 0, tc, 0, y, 200, dc, 0, dGates, 0);
        bits(sb, dc);
        bits(sb, dGates);
        float[] g3 = java.util.Arrays.copyOfRange(x, 300, 300 + rows * 3 * h);
        float[] gh = new float[rows * h];
        k.gruForward(rows, h, g3, 0, y, 300, y, 0, gh, 0);
        bits(sb, g3);
        bits(sb, gh);
        float[] dg = new float[rows * 3 * h];
        float[] dhp = new float[rows * 3 * h];
        float[] dPrev = java.util.Arrays.copyOfRange(x, 700, 700 + rows * h);
        k.gruBackward(rows, h, g3, 0, y, 300, y, 0, y, 500, dg, 0, dhp, 0, dPrev, 0);
        bits(sb, dg);
        bits(sb, dhp);
        bits(sb, dPrev);
    }

    private static void bits(StringBuilder sb, float[] a) {
        long h = 1125899906842597L;
        for (float v : a) {
            h = 31 * h + Float.floatToRawIntBits(v);
        }
        sb.append(Long.toHexString(h)).append(';');
    }

    /** Entry point of the interpreted child. */
    public static void main(String[] args) {
        System.out.println(probe(new VectorKernels()));
    }

    @Test
    void interpretedAndCompiledKernelsRoundAlike() throws Exception {
        VectorKernels k = new VectorKernels();
        String compiled = null;
        for (int i = 0; i < 3000; i++) {
            compiled = probe(k);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), JitTierDeterminismTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toString(StandardCharsets.UTF_8).strip();
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the interpreted child finishes");
        assertEquals(0, p.exitValue(), "child exit code");
        assertEquals(compiled, out, "interpreted and compiled results, field by field (tanh, sigmoid, softmax, dot, "
                + "sumSquares, gemmNT, gemmNN x2, gemmNT, gemmTN, fused LSTM and GRU steps, one-stream RNN steps and rowsTimesMatrix)");
    }
}
