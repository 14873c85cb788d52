package dev.vecrnn.bench.model;

import dev.vecrnn.bench.kernel.BenchKernels;
import dev.vecrnn.internal.kernel.ForwardingKernels;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The benchmarks' guard: kernels that compute something else must fail before they are timed. */
class TrainingStepTest {

    private static final int[] IDS = TokenStream.forChunks(Workload.W1.vocab, Workload.W1.steps, 1, 20, 5);

    /**
     * Scalar kernels whose tanh and one-stream RNN forward (W1's path, which has its own tanh)
     * forget the last element, as a vector loop without its scalar tail would.
     */
    private static final class NoTail extends ForwardingKernels {
        NoTail() {
            super(new ScalarKernels());
        }

        @Override
        protected Kernels decorate(Kernels partKernels) {
            throw new AssertionError("the scalar kernels run every part on the calling thread");
        }

        @Override
        public void tanh(float[] x, int xo, int n) {
            inner.tanh(x, xo, n - 1);
        }

        @Override
        public void rnnForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o,
                                        float[] x, int xo, float[] y, int yo) {
            inner.rnnForwardOneStream(steps, h, wT, wo, h0, h0o, x, xo, y, yo);
            for (int t = 0; t < steps; t++) {
                y[yo + t * h + h - 1] = 0f;
            }
        }
    }

    @Test
    void kernelsThatAgreePassTheCheck() {
        Kernels two = ParallelKernels.wrap(new ScalarKernels(), 2);
        try {
            assertDoesNotThrow(() -> TrainingStep.checkAgainst(new ScalarKernels(), Workload.W1, IDS, two));
        } finally {
            BenchKernels.close(two);
        }
    }

    @Test
    void aWrongKernelFailsTheCheckAndSaysWhich() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingStep.checkAgainst(new ScalarKernels(), Workload.W1, IDS, new NoTail()));
        assertTrue(e.getMessage().contains("the kernels disagree"), e.getMessage());
    }

    @Test
    void iterationsLearnTheSyntheticStream() {
        int[] ids = TokenStream.forChunks(Workload.W1.vocab, Workload.W1.steps, 1, 400, 5);
        TrainingStep step = new TrainingStep(Workload.W1, ids, 1, new ScalarKernels());
        double first = step.next();
        assertEquals(Workload.W1.steps * Math.log(Workload.W1.vocab), first, 0.5, "starts near ln V per token");
        double late = 0;
        for (int i = 1; i < 400; i++) {
            double loss = step.next();
            late += i >= 300 ? loss / 100 : 0;
        }
        // i.i.d. Zipf ids over 65: the best a model can do is their entropy, about 3.4 nats a token
        assertTrue(late < first - 10, "loss per chunk " + first + " at first, " + late + " late on");
    }

    @Test
    void theStreamIsZipfLike() {
        int[] ids = TokenStream.zipf(1000, 100_000, 1);
        int[] count = new int[1000];
        for (int id : ids) {
            count[id]++;
        }
        // p(0) / p(9) = 10 for p(r) proportional to 1/(r+1)
        assertEquals(10.0, (double) count[0] / count[9], 1.5);
        assertTrue(count[999] > 0 && count[999] < count[99]);
    }
}
