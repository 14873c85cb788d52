package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Analytic gradients (ModelRun.backward) of every element of every parameter against central
 * differences, twice: of the float forward itself, and of the double-precision
 * {@link ReferenceModel} of the documented equations (which also pins the forward down).
 */
class GradientCheckTest {
    private static final Kernels K = new ScalarKernels();
    private static final int VOCAB = 7;
    private static final int HIDDEN = 5;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void twoLayersBatchOfThree(CellType type) {
        check(new ModelSpec(type.name().toLowerCase(), VOCAB, HIDDEN, 2, 0f), 3, 4, 11, 0f);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void threeLayersBatchOfTwoWithFixedDropoutMasks(CellType type) {
        check(new ModelSpec(type.name().toLowerCase(), VOCAB, HIDDEN, 3, 0.4f), 2, 3, 12, 0.4f);
    }

    /** 4 streams x 5 steps: enough rows that the cells multiply by transposed recurrent weights. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void chunkLongEnoughForTransposedWeights(CellType type) {
        assertTrue(4 * 5 >= Cell.TRANSPOSE_ROWS, "the chunk must take the transposed path");
        check(new ModelSpec(type.name().toLowerCase(), VOCAB, HIDDEN, 2, 0f), 4, 5, 14, 0f);
    }

    /** Word vectors of a width unlike the hidden one, read by layer 0 through a dense matrix. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void wordVectors(CellType type) {
        check(new ModelSpec(type, VOCAB, HIDDEN, 2, 0f).withEmbedding(3), 3, 4, 15, 0f);
    }

    /** The adaptive softmax: shortlist of 3, clusters [3, 5) and [5, 7) behind projections of 2 and 1 units. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void adaptiveSoftmax(CellType type) {
        check(new ModelSpec(type, VOCAB, HIDDEN, 2, 0f).withEmbedding(3).withAdaptiveSoftmax(new int[] {3, 5}, 2f), 3, 4, 16, 0f);
    }

    /** The adaptive softmax over a token table (no word vectors), one cluster, one stream. */
    @Test
    void adaptiveSoftmaxWithoutWordVectors() {
        check(ModelSpec.rnn(VOCAB, HIDDEN).withAdaptiveSoftmax(new int[] {2}, 1.5f), 1, 6, 17, 0f);
    }

    /** Tied weights: the word vectors are also the full softmax's weights; their gradient is the sum of both uses. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void tiedFullSoftmax(CellType type) {
        check(new ModelSpec(type, VOCAB, HIDDEN, 2, 0f).withEmbedding(HIDDEN).withTiedWeights(true), 3, 4, 18, 0f);
    }

    /** Tied weights: the first rows of the word vectors are also the adaptive softmax's shortlist. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void tiedAdaptiveSoftmax(CellType type) {
        check(new ModelSpec(type, VOCAB, HIDDEN, 2, 0f).withEmbedding(HIDDEN).withAdaptiveSoftmax(new int[] {3, 5}, 2f)
                .withTiedWeights(true), 3, 4, 19, 0f);
    }

    /** One stream: every cell takes its one-stream kernels (the whole chunk per call), two layers. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void oneStreamTwoLayers(CellType type) {
        check(new ModelSpec(type.name().toLowerCase(), VOCAB, HIDDEN, 2, 0f), 1, 6, 19, 0f);
    }

    /** Issue 2: the seed's model, one vanilla layer and one stream. */
    @Test
    void seedRnnOneLayerBatchOne() {
        check(ModelSpec.rnn(VOCAB, HIDDEN), 1, 6, 13, 0f);
    }

    private static void check(ModelSpec spec, int batch, int steps, long seed, float dropout) {
        LanguageModel model = new LanguageModel(spec);
        Rng rng = new Rng(seed);
        for (Param p : model.params()) {
            // far from zero and from saturation, so every path carries gradient
            for (int i = 0; i < p.size(); i++) {
                p.w()[i] = (float) (rng.nextGaussian() * 0.5);
            }
        }
        int rows = steps * batch;
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            inputs[r] = rng.nextInt(VOCAB - 1); // the last token is never an input: its row must get no gradient
            targets[r] = rng.nextInt(VOCAB);
        }
        float[][] state0 = model.newState(batch);
        for (float[] s : state0) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (rng.nextDouble() - 0.5);
            }
        }
        long maskSeed = seed * 31 + 7;
        ModelRun run = model.open(steps, batch);
        Rng maskRng = dropout > 0 ? new Rng(maskSeed) : null;

        model.zeroGrad();
        double loss = run.forward(inputs, targets, steps, copy(state0), maskRng, K);
        run.backward(1f, K);
        float[][] masks = dropout > 0 ? masks(spec, rows, maskSeed) : null;
        ReferenceModel ref = new ReferenceModel(model);
        double refLoss = ref.loss(inputs, targets, steps, batch, state0, masks);
        assertEquals(refLoss, loss, 1e-5 * refLoss, "forward loss against the reference equations");

        List<String> failures = new ArrayList<>();
        double worstOwn = 0;
        double worstRef = 0;
        for (Param p : model.params()) {
            float[] w = p.w();
            double norm = 0;
            for (int i = 0; i < p.size(); i++) {
                float saved = w[i];
                float plus = (float) (saved + 1e-2);
                float minus = (float) (saved - 1e-2);
                w[i] = plus;
                double lp = run.forward(inputs, targets, steps, copy(state0), dropout > 0 ? new Rng(maskSeed) : null, K);
                w[i] = minus;
                double lm = run.forward(inputs, targets, steps, copy(state0), dropout > 0 ? new Rng(maskSeed) : null, K);
                double own = (lp - lm) / ((double) plus - minus);

                float rPlus = (float) (saved + 1e-4);
                float rMinus = (float) (saved - 1e-4);
                w[i] = rPlus;
                double rp = ref.loss(inputs, targets, steps, batch, state0, masks);
                w[i] = rMinus;
                double rm = ref.loss(inputs, targets, steps, batch, state0, masks);
                double exact = (rp - rm) / ((double) rPlus - rMinus);
                w[i] = saved;

                double a = p.g()[i];
                norm += a * a;
                // the float32 loss (~25) is rounded to ~1e-6, so differences over a step of 2e-2
                // carry ~5e-5 of noise: allow 1e-4 plus 2 %; the double reference has no such
                // noise: allow 0.1 % (float32 analytic gradients are good to ~1e-5)
                double errOwn = Math.abs(a - own) / (1e-4 / 2e-2 + Math.max(Math.abs(a), Math.abs(own)));
                double errRef = Math.abs(a - exact) / (1e-8 / 1e-3 + Math.max(Math.abs(a), Math.abs(exact)));
                worstOwn = Math.max(worstOwn, errOwn);
                worstRef = Math.max(worstRef, errRef);
                if (errOwn > 2e-2 || errRef > 1e-3) {
                    failures.add(p.name() + "[" + i + "]: analytic " + a + ", numerical " + own + ", reference " + exact);
                }
            }
            if (p.sparse()) {
                int untouched = VOCAB - 1;
                for (int j = 0; j < p.cols(); j++) {
                    assertEquals(0f, p.g()[untouched * p.cols() + j], p.name() + ": a token never fed got gradient");
                }
            }
            assertTrue(norm > 1e-8, p.name() + " has no gradient at all, so the check would prove nothing");
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " gradient elements disagree (worst relative errors " + worstOwn + " / " + worstRef
                    + "), first ones: " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    /** The masks ModelRun draws from a generator with this seed: layer by layer, row-major. */
    private static float[][] masks(ModelSpec spec, int rows, long seed) {
        Rng rng = new Rng(seed);
        float[][] m = new float[spec.layers() - 1][rows * spec.hidden()];
        float keep = 1f / (1f - spec.dropout());
        for (float[] layer : m) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = rng.nextDouble() < spec.dropout() ? 0f : keep;
            }
        }
        return m;
    }

    private static float[][] copy(float[][] s) {
        float[][] c = new float[s.length][];
        for (int i = 0; i < s.length; i++) {
            c[i] = s[i].clone();
        }
        return c;
    }
}
