package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.kernel.vector.VectorKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A cell's recurrence split by streams over threads ({@link Kernels#forEachPart}) gives the bits
 * of the same chunk on one thread: outputs, carried state, input gradients and the recurrent
 * weights' gradient, forward and backward, for chunks long enough to multiply by the
 * transposed weights. With the scalar and the vector kernels.
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
                    float[][] split = chunk(type, many);
                    for (int i = 0; i < reference.length; i++) {
                        assertArrayEquals(reference[i], split[i], type + " " + many.name() + " result " + i);
                    }
                }
            }
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
