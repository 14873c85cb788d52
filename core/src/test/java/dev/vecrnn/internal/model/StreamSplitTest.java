package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.ForwardingKernels;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.kernel.vector.VectorKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cell's recurrence split by streams over threads ({@link Kernels#forEachPart}) gives the bits
 * of the same chunk on one thread: outputs, carried state, input gradients and the recurrent
 * weights' gradient, forward and backward, for chunks long enough to multiply by the
 * transposed weights. With the scalar and the vector kernels. The recurrence really is split:
 * every {@code forEachPart} call of the chunk hands out two or more parts (at most one per
 * thread), which together cover every stream once, each run on one-thread kernels.
 */
class StreamSplitTest {
    /**
     * Odd, so that rows end in vector tails; with 12 steps of 13 streams even the vanilla cell
     * has 12 * 67^2 * 13 multiply-adds, over twice ParallelKernels' hand-off size: really split.
     */
    private static final int HIDDEN = 67;
    private static final int BATCH = 13;
    private static final int STEPS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void threadsGiveOneThreadsBits(String type) {
        for (Kernels one : new Kernels[] {new ScalarKernels(), new VectorKernels()}) {
            float[][] reference = chunk(type, one);
            for (int threads : new int[] {2, 3}) {
                try (ParallelKernels many = new ParallelKernels(one, threads)) {
                    PartLog log = new PartLog(many);
                    float[][] split = chunk(type, log);
                    for (int i = 0; i < reference.length; i++) {
                        assertArrayEquals(reference[i], split[i], type + " " + many.name() + " result " + i);
                    }
                    assertTrue(log.calls.size() >= 2, "forward and backward split the streams: " + log.calls.size());
                    for (List<Share> parts : log.calls) {
                        assertSplit(parts, threads, type + " " + many.name());
                    }
                }
            }
        }
    }

    /** Two to {@code threads} parts that cover [0, BATCH) once, each on one-thread kernels. */
    private static void assertSplit(List<Share> parts, int threads, String what) {
        List<Share> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(Share::from));
        assertTrue(sorted.size() >= 2 && sorted.size() <= threads, what + ": parts " + sorted);
        int next = 0;
        for (Share p : sorted) {
            assertEquals(next, p.from(), what + ": parts " + sorted);
            assertTrue(p.to() > p.from(), what + ": parts " + sorted);
            assertFalse(p.kernels() instanceof ParallelKernels, what + ": a part runs on one thread's kernels");
            next = p.to();
        }
        assertEquals(BATCH, next, what + ": parts " + sorted);
    }

    /** One part a forEachPart call handed out: its streams and the kernels it ran with. */
    private record Share(int from, int to, Kernels kernels) {
        @Override
        public String toString() {
            return "[" + from + ", " + to + ")";
        }
    }

    /** Passes everything to a ParallelKernels and notes the parts each forEachPart call hands out. */
    private static final class PartLog extends ForwardingKernels {
        final List<List<Share>> calls = new ArrayList<>();

        PartLog(ParallelKernels inner) {
            super(inner);
        }

        /** Parts run on the single-thread kernels ParallelKernels hands them, unwrapped. */
        @Override
        protected Kernels decorate(Kernels partKernels) {
            return partKernels;
        }

        @Override
        public void forEachPart(int count, long work, Kernels.Part body) {
            ConcurrentLinkedQueue<Share> shares = new ConcurrentLinkedQueue<>();
            inner.forEachPart(count, work, (from, to, k) -> {
                shares.add(new Share(from, to, k));
                body.run(from, to, k);
            });
            calls.add(new ArrayList<>(shares));
        }
    }

    private static Cell cell(String type) {
        IntFunction<Cell> make = switch (type) {
            case "rnn" -> h -> new RnnCell("l0", h);
            case "lstm" -> h -> new LstmCell("l0", h);
            default -> h -> new GruCell("l0", h);
        };
        return make.apply(HIDDEN);
    }

    /** One forward and backward of a chunk on fixed data: {out, state, dXproj, W_hh gradient}. */
    private static float[][] chunk(String type, Kernels k) {
        Cell c = cell(type);
        Random rnd = new Random(3);
        for (Param p : c.params()) {
            fill(rnd, p.w(), 0.3f);
        }
        int g = c.gates();
        float[] xproj = fill(rnd, new float[STEPS * BATCH * g], 1f);
        float[] state = fill(rnd, new float[BATCH * c.stateSize()], 0.5f);
        float[] dOut = fill(rnd, new float[STEPS * BATCH * HIDDEN], 1f);
        float[] out = new float[STEPS * BATCH * HIDDEN];
        float[] dXproj = new float[STEPS * BATCH * g];
        Cell.Run run = c.open(STEPS, BATCH);
        run.forward(xproj, out, state, STEPS, k);
        run.backward(dOut, dXproj, k);
        return new float[][] {out, state, dXproj, c.params().get(0).g()};
    }

    private static float[] fill(Random rnd, float[] x, float scale) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }
}
