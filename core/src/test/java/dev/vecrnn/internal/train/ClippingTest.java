package dev.vecrnn.internal.train;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Element-wise and global-norm clipping, on a dense parameter and on a sparse one whose
 * untouched rows must be neither read nor written: a sentinel planted there (which a real
 * gradient never has) must survive and must not count in the norm.
 */
class ClippingTest {
    private static final float SENTINEL = 1000f;

    static Stream<Kernels> kernels() {
        Kernels loaded = KernelsLoader.get();
        return loaded instanceof ScalarKernels ? Stream.of(loaded) : Stream.of(new ScalarKernels(), loaded);
    }

    private static Param dense() {
        Param p = new Param("dense", 2, 4, false);
        float[] g = {-7f, -5f, -1f, 0f, 3f, 5.5f, 1e9f, -4.99f};
        System.arraycopy(g, 0, p.g(), 0, g.length);
        return p;
    }

    /** Rows 1 and 3 of 5 touched; rows 0, 2 and 4 hold the sentinel. */
    private static Param sparse() {
        Param p = new Param("table", 5, 3, true);
        java.util.Arrays.fill(p.g(), SENTINEL);
        p.touch(3);
        p.touch(1);
        float[] row1 = {6f, -0.5f, -8f};
        float[] row3 = {2f, -2f, 4f};
        System.arraycopy(row1, 0, p.g(), 3, 3);
        System.arraycopy(row3, 0, p.g(), 9, 3);
        return p;
    }

    private static void assertSentinelsIntact(Param p) {
        for (int r : new int[] {0, 2, 4}) {
            for (int c = 0; c < 3; c++) {
                assertEquals(SENTINEL, p.g()[r * 3 + c], "untouched row " + r + " was written");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void valueClippingClampsEveryElementOfTheTouchedRows(Kernels k) {
        Param d = dense();
        Param s = sparse();
        double r = Clipping.value(5).apply(List.of(d, s), k);
        assertTrue(Double.isNaN(r));
        assertArrayEquals(new float[] {-5f, -5f, -1f, 0f, 3f, 5f, 5f, -4.99f}, d.g());
        assertArrayEquals(new float[] {5f, -0.5f, -5f}, java.util.Arrays.copyOfRange(s.g(), 3, 6));
        assertArrayEquals(new float[] {2f, -2f, 4f}, java.util.Arrays.copyOfRange(s.g(), 9, 12));
        assertSentinelsIntact(s);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void normClippingScalesAllGradientsTogether(Kernels k) {
        Param d = new Param("dense", 1, 2, false);
        d.g()[0] = 3f;
        d.g()[1] = -4f;
        Param s = sparse();
        // by hand: 9 + 16 + (36 + 0.25 + 64) + (4 + 4 + 16) = 149.25
        double expectedNorm = Math.sqrt(149.25);
        double r = Clipping.norm(2).apply(List.of(d, s), k);
        assertEquals(expectedNorm, r, 1e-12);
        double scale = 2 / expectedNorm;
        assertEquals(3 * scale, d.g()[0], 1e-6);
        assertEquals(-4 * scale, d.g()[1], 1e-6);
        float[] before = {6f, -0.5f, -8f, 2f, -2f, 4f};
        int[] at = {3, 4, 5, 9, 10, 11};
        double sum = d.g()[0] * (double) d.g()[0] + d.g()[1] * (double) d.g()[1];
        for (int i = 0; i < at.length; i++) {
            assertEquals(before[i] * scale, s.g()[at[i]], 1e-6);
            sum += s.g()[at[i]] * (double) s.g()[at[i]];
        }
        assertEquals(2, Math.sqrt(sum), 1e-5, "the global norm after clipping");
        assertSentinelsIntact(s);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void normBelowTheLimitLeavesGradientsAsTheyAre(Kernels k) {
        Param d = dense();
        Param s = sparse();
        float[] dg = d.g().clone();
        float[] sg = s.g().clone();
        double r = Clipping.norm(2e9).apply(List.of(d, s), k);
        assertTrue(r > 1e9 && r < 2e9, "norm " + r);
        assertArrayEquals(dg, d.g());
        assertArrayEquals(sg, s.g());
    }

    @Test
    void noneLeavesGradientsAsTheyAre() {
        Param d = dense();
        float[] dg = d.g().clone();
        assertTrue(Double.isNaN(Clipping.none().apply(List.of(d), new ScalarKernels())));
        assertArrayEquals(dg, d.g());
        assertEquals("none", Clipping.none().toString());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void aLimitMustBePositiveAndFinite(double limit) {
        VecrnnException v = assertThrows(VecrnnException.class, () -> Clipping.value(limit));
        assertTrue(v.getMessage().startsWith("clip must be a positive number"), v.getMessage());
        VecrnnException n = assertThrows(VecrnnException.class, () -> Clipping.norm(limit));
        assertTrue(n.getMessage().startsWith("clipNorm must be a positive number"), n.getMessage());
    }
}
