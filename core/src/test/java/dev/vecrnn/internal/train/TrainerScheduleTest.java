package dev.vecrnn.internal.train;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Parameter;
import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trainer hands the optimizer the scheduled rate, and its epochs are passes over the data. */
class TrainerScheduleTest {

    /** Records the rate of every step and changes nothing. */
    static final class RecordingOptimizer implements Optimizer {
        final List<Float> rates = new ArrayList<>();

        @Override
        public void step(List<? extends Parameter> params, float lr, VectorOps kernels) {
            rates.add(lr);
        }

        @Override
        public int stateSlots() {
            return 0;
        }

        @Override
        public OptimizerState state() {
            return new OptimizerState(rates.size(), Map.of());
        }

        @Override
        public void restore(OptimizerState state) {
        }
    }

    private static int[] ids(int n, int vocab) {
        Rng r = new Rng(9);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    @Test
    void theRateDropsExactlyWhenTheDataWrapsFromTheGivenEpochOn() {
        int vocab = 5;
        int steps = 7;
        int batch = 2;
        int[] ids = ids(301, vocab);
        LanguageModel model = new LanguageModel(ModelSpec.rnn(vocab, 3));
        model.initialize(new Rng(1));
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.5, LearningRateSchedule.Period.ofEpochs(1),
                LearningRateSchedule.Period.ofEpochs(2));

        // where the data wraps, found by walking the same streams
        Streams walk = new Streams(ids, batch, steps);
        int iterations = 120;
        List<Integer> wraps = new ArrayList<>();
        int[] in = new int[steps * batch];
        int[] out = new int[steps * batch];
        for (int n = 0; n < iterations; n++) {
            if (walk.next(in, out) && n > 0) {
                wraps.add(n);
            }
        }

        RecordingOptimizer opt = new RecordingOptimizer();
        TrainConfig config = new TrainConfig(steps, batch, iterations, 0.1, Clipping.value(5), 0, 0, schedule);
        TrainState state = new TrainState(0, model.newState(batch), 0);
        new Trainer(model, opt, new ScalarKernels(), config, new TrainListener() { }).run(ids, state);

        assertEquals(iterations, opt.rates.size());
        List<Integer> drops = new ArrayList<>();
        for (int n = 1; n < iterations; n++) {
            if (!opt.rates.get(n).equals(opt.rates.get(n - 1))) {
                drops.add(n);
                assertEquals(opt.rates.get(n - 1) * 0.5f, opt.rates.get(n), 1e-9f, "halved at " + n);
            }
        }
        assertEquals(5, wraps.size(), "wraps at " + wraps);
        // every wrap but the first (the end of epoch 1) halves the rate
        assertEquals(wraps.subList(1, wraps.size()), drops);
        assertEquals(0.1f, opt.rates.get(0));
        assertEquals(wraps.size() - 1, drops.size());
    }

    @Test
    void withoutAScheduleTheRateIsConstant() {
        LanguageModel model = new LanguageModel(ModelSpec.rnn(4, 3));
        model.initialize(new Rng(1));
        RecordingOptimizer opt = new RecordingOptimizer();
        TrainConfig config = new TrainConfig(5, 1, 30, 0.25, Clipping.none(), 0, 0);
        new Trainer(model, opt, new ScalarKernels(), config, new TrainListener() { })
                .run(ids(40, 4), new TrainState(0, model.newState(1), 0));
        assertEquals(30, opt.rates.size());
        opt.rates.forEach(r -> assertEquals(0.25f, r));
    }
}
