package dev.vecrnn.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vecrnn.api.CellType;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.vector.VectorKernels;
import dev.vecrnn.internal.util.Rng;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One stream, every cell, one layer: a chunk's forward and the same tokens fed one step at a time
 * (as sampling and step-by-step evaluation feed them) leave the same state, bit for bit, on the
 * vector kernels: both run the one-stream kernels on the same transposed weights. (A second layer's
 * input projection is a product of one row for a step, the gemv form, and of the chunk's rows for
 * a chunk, which round differently.)
 */
class OneStreamStepTest {
    private static final int VOCAB = 11;
    private static final int HIDDEN = 37;
    private static final int STEPS = 25;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aChunkAndItsStepsLeaveTheSameState(CellType type) {
        Kernels k = new VectorKernels();
        LanguageModel m = new LanguageModel(new ModelSpec(type.name().toLowerCase(), VOCAB, HIDDEN, 1, 0f));
        m.initialize(new Rng(3));
        Rng r = new Rng(4);
        int[] ids = new int[STEPS + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(VOCAB);
        }
        float[][] chunkState = m.newState(1);
        m.open(STEPS, 1).forward(Arrays.copyOf(ids, STEPS), Arrays.copyOfRange(ids, 1, STEPS + 1), STEPS, chunkState, k);

        float[][] stepState = m.newState(1);
        ModelRun one = m.open(1, 1);
        for (int t = 0; t < STEPS; t++) {
            one.stepLogits(ids[t], stepState, k);
        }
        for (int l = 0; l < chunkState.length; l++) {
            assertFalse(allZero(chunkState[l]), "the state moved");
            assertArrayEquals(chunkState[l], stepState[l], type + " layer " + l);
        }
    }

    private static boolean allZero(float[] x) {
        for (float v : x) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }
}
