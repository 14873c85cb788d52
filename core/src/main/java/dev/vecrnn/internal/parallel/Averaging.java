package dev.vecrnn.internal.parallel;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.internal.train.LossHistory;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter averaging: the driver's model, optimizer state and run state become the mean of the
 * workers' results, summed in shard order (so the result does not depend on which task finished
 * first) and divided by their number (so one worker's result is taken bit for bit).
 */
public final class Averaging {
    private Averaging() {
    }

    /**
     * Sets {@code model}'s weights and {@code optimizer}'s state to the mean of {@code results}'
     * (one per shard, in shard order), and {@code state} to where the run is: the iterations done,
     * the mean smooth loss and training loss, and shard 0's streams (what a single-machine resume
     * continues). Returns every shard's own state for the next round.
     */
    public static ShardState[] apply(List<Checkpoint> results, LanguageModel model, Optimizer optimizer, TrainState state) {
        int n = results.size();
        if (n == 0) {
            throw new IllegalArgumentException("no results to average");
        }
        for (Param p : model.params()) {
            float[][] each = new float[n][];
            for (int i = 0; i < n; i++) {
                each[i] = results.get(i).model.param(p.name()).w();
            }
            mean(each, p.w());
        }
        optimizer.restore(meanState(results));
        long before = state.iteration;
        TrainState first = results.get(0).state;
        double smooth = 0;
        double window = 0;
        for (Checkpoint r : results) {
            if (r.state.iteration != first.iteration) {
                throw new IllegalStateException("workers ended at iterations " + first.iteration + " and " + r.state.iteration);
            }
            smooth += r.state.smoothLoss;
            window += r.state.windowLoss;
        }
        state.iteration = first.iteration;
        state.smoothLoss = smooth / n;
        state.windowLoss = window / n;
        state.windowCount = first.windowCount;
        addTrainPoints(results, before, state.history);
        ShardState.of(first).applyTo(state);
        ShardState[] shards = new ShardState[n];
        for (int i = 0; i < n; i++) {
            shards[i] = ShardState.of(results.get(i).state);
        }
        return shards;
    }

    private static OptimizerState meanState(List<Checkpoint> results) {
        OptimizerState first = results.get(0).optimizerState;
        Map<String, float[]> mean = new HashMap<>();
        for (Map.Entry<String, float[]> e : first.arrays().entrySet()) {
            float[][] each = new float[results.size()][];
            for (int i = 0; i < each.length; i++) {
                OptimizerState s = results.get(i).optimizerState;
                if (s.steps() != first.steps()) {
                    throw new IllegalStateException("workers' optimizers took " + first.steps() + " and " + s.steps() + " steps");
                }
                each[i] = s.arrays().get(e.getKey());
                if (each[i] == null) {
                    throw new IllegalStateException("worker " + i + " has no optimizer state " + e.getKey());
                }
            }
            float[] m = new float[e.getValue().length];
            mean(each, m);
            mean.put(e.getKey(), m);
        }
        return new OptimizerState(first.steps(), mean);
    }

    /** {@code out[j]} = the mean of {@code each[i][j]}, summed in order in double. */
    static void mean(float[][] each, float[] out) {
        int n = each.length;
        for (int j = 0; j < out.length; j++) {
            double sum = 0;
            for (float[] a : each) {
                sum += a[j];
            }
            out[j] = (float) (sum / n);
        }
    }

    /** The training loss points the workers added this round, averaged over the workers. */
    private static void addTrainPoints(List<Checkpoint> results, long before, LossHistory into) {
        List<LossHistory.Point> first = newPoints(results.get(0).state.history, before);
        for (int k = 0; k < first.size(); k++) {
            double sum = 0;
            for (Checkpoint r : results) {
                sum += newPoints(r.state.history, before).get(k).loss();
            }
            into.addTrain(first.get(k).iteration(), sum / results.size());
        }
    }

    private static List<LossHistory.Point> newPoints(LossHistory h, long before) {
        return h.train().stream().filter(p -> p.iteration() > before).toList();
    }
}
