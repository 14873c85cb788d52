package dev.vecrnn.kernel.vector;

import dev.vecrnn.kernel.Kernels;
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
        return sb.toString();
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
                + "sumSquares, gemmNT, gemmNN)");
    }
}
