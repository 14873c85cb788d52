package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dropout acts in training forwards only; evaluation is the plain model. */
class DropoutTest {
    private static final Kernels K = new ScalarKernels();

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void onlyTrainingForwardsDrop(String cell) {
        int steps = 6;
        int batch = 3;
        LanguageModel dropping = new LanguageModel(new ModelSpec(cell, 9, 16, 2, 0.5f));
        dropping.initialize(new Rng(1));
        LanguageModel plain = new LanguageModel(new ModelSpec(cell, 9, 16, 2, 0f));
        for (Param p : plain.params()) {
            System.arraycopy(dropping.param(p.name()).w(), 0, p.w(), 0, p.size());
        }
        Rng rng = new Rng(2);
        int[] in = new int[steps * batch];
        int[] out = new int[steps * batch];
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextInt(9);
            out[i] = rng.nextInt(9);
        }
        double evalLoss = dropping.open(steps, batch).forward(in, out, steps, dropping.newState(batch), K);
        double plainLoss = plain.open(steps, batch).forward(in, out, steps, plain.newState(batch), new Rng(3), K);
        assertEquals(plainLoss, evalLoss, 0.0, "no generator, no dropout; and no dropout in a model without it");

        Rng masks = new Rng(3);
        ModelRun run = dropping.open(steps, batch);
        double first = run.forward(in, out, steps, dropping.newState(batch), masks, K);
        double second = run.forward(in, out, steps, dropping.newState(batch), masks, K);
        assertNotEquals(evalLoss, first, "a training forward drops units");
        assertNotEquals(first, second, "each training forward draws new masks");
        assertTrue(masks.state() != new Rng(3).state(), "the masks come from the given generator");
    }
}
