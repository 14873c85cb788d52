package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Parameter;
import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.train.Trainer;
import dev.vecrnn.internal.util.Rng;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small training runs for tests: a text with structure to learn, Adam through the kernels, the real Trainer. */
final class TestTraining {
    static final int VOCAB = 12;

    private TestTraining() {
    }

    /** Token ids of a noisy repeating pattern: learnable, but not trivially. */
    static int[] corpus(int length, long seed) {
        Rng rng = new Rng(seed);
        int[] pattern = {0, 1, 2, 3, 1, 4, 5, 6, 2, 7, 8, 1, 9, 10, 3, 11};
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = rng.nextInt(10) == 0 ? rng.nextInt(VOCAB) : pattern[i % pattern.length];
        }
        return ids;
    }

    static LanguageModel model(String cell, int hidden, int layers, float dropout, long seed) {
        LanguageModel m = new LanguageModel(new ModelSpec(cell, VOCAB, hidden, layers, dropout));
        m.initialize(new Rng(seed));
        return m;
    }

    static TrainConfig config(int steps, int batch, long iterations) {
        return new TrainConfig(steps, batch, iterations, 1e-2, Clipping.value(5), 0, 0);
    }

    static TrainState state(LanguageModel m, int batch, int steps, long seed) {
        return new TrainState(TrainState.initialSmoothLoss(VOCAB, steps), m.newState(batch), seed);
    }

    /** Runs the trainer and returns the loss of every iteration. */
    static List<Double> train(LanguageModel m, Optimizer opt, Kernels k, TrainConfig c, int[] ids, TrainState s) {
        List<Double> losses = new ArrayList<>();
        new Trainer(m, opt, k, c, new TrainListener() {
            @Override
            public void onIteration(long iteration, double loss, double smoothLoss) {
                losses.add(loss);
            }
        }).run(ids, s);
        return losses;
    }

    /** Adam through {@link Kernels#adam}, so that a kernel comparison covers the update too. */
    static final class Adam implements Optimizer {
        private final Map<String, float[]> state = new HashMap<>();
        private long steps;

        @Override
        public void step(List<? extends Parameter> params, float lr, VectorOps k) {
            steps++;
            double c1 = 1 - Math.pow(0.9, steps);
            double c2 = Math.sqrt(1 - Math.pow(0.999, steps));
            for (Parameter p : params) {
                float[] m = state.computeIfAbsent(p.name() + "/m", x -> new float[p.size()]);
                float[] v = state.computeIfAbsent(p.name() + "/v", x -> new float[p.size()]);
                k.adam(p.weights(), p.gradient(), m, v, 0, p.size(), 0.9f, 0.999f, (float) (lr * c2 / c1), (float) (1e-8 * c2), 0f);
            }
        }

        @Override
        public int stateSlots() {
            return 2;
        }

        @Override
        public OptimizerState state() {
            return new OptimizerState(steps, state);
        }

        @Override
        public void restore(OptimizerState s) {
            state.clear();
            s.arrays().forEach((name, a) -> state.put(name, a.clone()));
            steps = s.steps();
        }
    }
}
