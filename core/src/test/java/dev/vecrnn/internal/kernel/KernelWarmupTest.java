package dev.vecrnn.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import dev.vecrnn.internal.util.WarmupThread;
import org.junit.jupiter.api.Test;

/** The warm-up runs until stopped, and skips sizes it does not warm. */
class KernelWarmupTest {

    @Test
    void runsUntilStopped() throws Exception {
        Kernels k = new VectorKernels();
        WarmupThread w = KernelWarmup.start(k, 17);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (w.rounds() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        w.stop();
        int done = w.rounds();
        assertTrue(done >= 3, "rounds done: " + done);
        Thread.sleep(20);
        assertEquals(done, w.rounds(), "no round after stop()");
    }

    @Test
    void sizesItDoesNotWarmStartNothing() {
        assertNull(KernelWarmup.start(new ScalarKernels(), 0));
        assertNull(KernelWarmup.start(new ScalarKernels(), KernelWarmup.MAX_HIDDEN + 1));
    }
}
