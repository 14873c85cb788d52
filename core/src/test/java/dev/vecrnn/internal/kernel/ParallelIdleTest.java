package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The pool threads of {@link ParallelKernels} poll for the next part only briefly
 * ({@link ParallelKernels#SPIN_NANOS}) and then park: an idle run does not keep a core busy.
 */
class ParallelIdleTest {

    @Test
    void poolThreadsParkWhenIdle() throws Exception {
        try (ParallelKernels k = new ParallelKernels(new ScalarKernels(), 2)) {
            int m = 64;
            int n = 96;
            int kk = 96;
            float[] a = new float[m * kk];
            float[] b = new float[kk * n];
            float[] c = new float[m * n];
            java.util.Arrays.fill(a, 1f);
            java.util.Arrays.fill(b, 2f);
            // 589,824 multiply-adds: over twice the hand-off size, so a pool thread runs a part
            k.gemmNN(m, n, kk, a, 0, kk, b, 0, n, c, 0, n);
            assertEquals(2f * kk, c[c.length - 1]);
            List<Thread> pool = poolThreads();
            assertFalse(pool.isEmpty(), "the product started a pool thread");
            long deadline = System.nanoTime() + 2_000_000_000L;
            List<Thread> busy = pool;
            while (!busy.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                busy = pool.stream().filter(t -> t.getState() == Thread.State.RUNNABLE).collect(Collectors.toList());
            }
            assertTrue(busy.isEmpty(), "pool threads still running while idle: " + busy);
        }
    }

    private static List<Thread> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vecrnn-kernel-") && t.isAlive())
                .collect(Collectors.toList());
    }
}
