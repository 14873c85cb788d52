package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#forEachPart}: the parts cover the range once, are cut the same way every time,
 * run with kernels that stay on their thread; and a product cut by rows (what each part of a
 * recurrence computes) gives the bits of the whole product, which is what makes a split
 * recurrence equal to one thread's.
 */
class ForEachPartTest {

    /** A part as it was run: [from, to) and the kernels it was given. */
    private record Ran(int from, int to, Kernels k) {
    }

    private static List<Ran> parts(Kernels k, int count, long work) {
        List<Ran> ran = Collections.synchronizedList(new ArrayList<>());
        k.forEachPart(count, work, (from, to, kk) -> ran.add(new Ran(from, to, kk)));
        List<Ran> sorted = new ArrayList<>(ran);
        sorted.sort((a, b) -> Integer.compare(a.from, b.from));
        return sorted;
    }

    private static void assertCovers(List<Ran> parts, int count) {
        int at = 0;
        for (Ran r : parts) {
            assertEquals(at, r.from, "parts are contiguous: " + parts);
            if (r.to <= r.from) {
                fail("empty part: " + parts);
            }
            at = r.to;
        }
        assertEquals(count, at, "parts end at the count: " + parts);
    }

    @Test
    void oneThreadRunsTheWholeRangeAtOnce() {
        for (Kernels k : new Kernels[] {new ScalarKernels(), new VectorKernels(), new ParallelKernels(new ScalarKernels(), 1)}) {
            List<Ran> ran = parts(k, 50, 1L << 40);
            assertEquals(1, ran.size(), k.name());
            assertEquals(0, ran.get(0).from);
            assertEquals(50, ran.get(0).to);
            assertFalse(ran.get(0).k instanceof ParallelKernels, k.name());
        }
    }

    @Test
    void threadsGetFixedPartsAndSingleThreadKernels() {
        Kernels inner = new VectorKernels();
        for (int threads : new int[] {2, 3, 4}) {
            try (ParallelKernels p = new ParallelKernels(inner, threads)) {
                for (int count : new int[] {2, 7, 50}) {
                    List<Ran> first = parts(p, count, 1L << 24);
                    assertEquals(Math.min(threads, count), first.size(), "parts of " + count + " on " + threads);
                    assertCovers(first, count);
                    for (Ran r : first) {
                        assertSame(inner, r.k, "a part multiplies on its own thread");
                    }
                    for (int again = 0; again < 20; again++) {
                        assertEquals(first, parts(p, count, 1L << 24), "the cuts do not depend on timing");
                    }
                }
                // too little work per item for a hand-off: one part, in the caller
                Thread caller = Thread.currentThread();
                List<Thread> where = new ArrayList<>();
                p.forEachPart(50, 100, (from, to, kk) -> where.add(Thread.currentThread()));
                assertEquals(List.of(caller), where);
            }
        }
    }

    @Test
    void aFailingPartFailsTheCall() {
        try (ParallelKernels p = new ParallelKernels(new ScalarKernels(), 2)) {
            for (int bad = 0; bad < 2; bad++) {
                int failing = bad;
                IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                        p.forEachPart(10, 1L << 24, (from, to, kk) -> {
                            if (from == failing * 5) {
                                throw new IllegalStateException("part " + from);
                            }
                        }));
                assertEquals("part " + failing * 5, e.getMessage());
            }
            // the pool still works afterwards
            assertCovers(parts(p, 10, 1L << 24), 10);
        }
    }

    @Test
    void productsCutByRowsGiveTheWholeProductsBits() {
        // the recurrence's shapes at batch 50, hidden 128: forward (LSTM, GRU) and backward
        int[][] shapes = {{50, 512, 128}, {50, 384, 128}, {50, 128, 512}, {50, 128, 384}, {13, 100, 37}};
        int[][] cuts = {{25}, {1, 2, 3}, {3, 20, 21}, {4, 8, 17, 33}};
        Random rnd = new Random(17);
        for (Kernels k : new Kernels[] {new VectorKernels(), new VectorKernels(256), new VectorKernels(128)}) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int kk = s[2];
                float[] a = new float[m * kk];
                float[] b = new float[kk * n];
                float[] c0 = new float[m * n];
                for (float[] x : new float[][] {a, b, c0}) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = rnd.nextFloat() * 2 - 1;
                    }
                }
                float[] whole = c0.clone();
                k.gemmNN(m, n, kk, a, 0, kk, b, 0, n, whole, 0, n);
                for (int[] cut : cuts) {
                    float[] parts = c0.clone();
                    int from = 0;
                    for (int q = 0; q <= cut.length; q++) {
                        int to = q < cut.length ? Math.min(m, cut[q]) : m;
                        k.gemmNN(to - from, n, kk, a, from * kk, kk, b, 0, n, parts, from * n, n);
                        from = to;
                    }
                    for (int i = 0; i < whole.length; i++) {
                        if (Float.floatToIntBits(whole[i]) != Float.floatToIntBits(parts[i])) {
                            fail(k.name() + " gemmNN " + m + "x" + n + "x" + kk + " cut at " + java.util.Arrays.toString(cut)
                                    + ": element " + i + " " + whole[i] + " vs " + parts[i]);
                        }
                    }
                }
            }
        }
    }
}
