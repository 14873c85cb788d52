package dev.vecrnn.internal.train;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluatorTest {
    private static final Kernels K = new ScalarKernels();

    @Test
    void untrainedZeroModelCostsLogVPerToken() {
        LanguageModel m = new LanguageModel(new ModelSpec("rnn", 10, 4, 1, 0f)); // all weights zero: uniform
        Evaluation e = new Evaluator(m, K).evaluate(new int[] {1, 2, 3, 4, 5});
        assertEquals(4, e.predictions());
        assertEquals(Math.log(10), e.lossPerToken(), 1e-6);
        assertEquals(10, e.perplexity(), 1e-4);
        assertEquals(Math.log(10) / Math.log(2), e.bitsPerToken(), 1e-6);
    }

    @Test
    void equalsStepByStepPredictionAcrossChunkBoundaries() {
        equalsStepByStep(new ModelSpec("rnn", 6, 5, 2, 0f));
    }

    /** The adaptive softmax's loss is exact: the chunked loss is that of the full distribution the sampler sees. */
    @Test
    void adaptiveAndTiedModelsEqualStepByStepPredictionToo() {
        equalsStepByStep(new ModelSpec("lstm", 6, 5, 2, 0f).withEmbedding(3).withAdaptiveSoftmax(new int[] {2, 4}, 2f));
        equalsStepByStep(new ModelSpec("gru", 6, 5, 1, 0f).withEmbedding(5).withAdaptiveSoftmax(new int[] {3}, 4f)
                .withTiedWeights(true));
        equalsStepByStep(new ModelSpec("rnn", 6, 5, 1, 0f).withEmbedding(5).withTiedWeights(true));
    }

    private static void equalsStepByStep(ModelSpec spec) {
        LanguageModel m = new LanguageModel(spec);
        m.initialize(new Rng(9));
        for (var p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.w()[i] *= 50; // weights large enough that the state matters
            }
        }
        Rng r = new Rng(2);
        int[] ids = new int[Evaluator.CHUNK * 2 + 17];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(6);
        }
        ModelRun one = m.open(1, 1);
        float[][] state = m.newState(1);
        double nats = 0;
        for (int i = 0; i + 1 < ids.length; i++) {
            float[] logits = one.stepLogits(ids[i], state, K).clone();
            if (spec.adaptive()) {
                // log-probabilities: they sum to one
                double total = 0;
                for (int v = 0; v < 6; v++) {
                    total += Math.exp(logits[v]);
                }
                assertEquals(1.0, total, 1e-5, "step " + i);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < 6; v++) {
                max = Math.max(max, logits[v]);
            }
            double sum = 0;
            for (int v = 0; v < 6; v++) {
                sum += Math.exp(logits[v] - max);
            }
            nats += Math.log(sum) + max - logits[ids[i + 1]];
        }
        Evaluation e = new Evaluator(m, K).evaluate(ids);
        assertEquals(ids.length - 1, e.predictions());
        assertEquals(nats / (ids.length - 1), e.lossPerToken(), 1e-4);
    }

    @Test
    void tooFewIdsPredictNothing() {
        LanguageModel m = new LanguageModel(new ModelSpec("rnn", 3, 2, 1, 0f));
        assertEquals(0, new Evaluator(m, K).evaluate(new int[] {1}).predictions());
        assertEquals(0, new Evaluator(m, K).evaluate(new int[0]).predictions());
    }
}
