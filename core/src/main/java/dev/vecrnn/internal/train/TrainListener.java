package dev.vecrnn.internal.train;

import dev.vecrnn.api.Evaluation;

/**
 * What a training run reports as it goes. Every call comes from the training thread between
 * iterations, when the {@link TrainState} is consistent: a listener may write a checkpoint.
 */
public interface TrainListener {

    /** After the update of iteration {@code iteration} (0-based): its chunk loss and the smooth loss. */
    default void onIteration(long iteration, double loss, double smoothLoss) {
    }

    /** A sample taken before iteration {@code iteration}, as token ids. */
    default void onSample(long iteration, int[] tokens) {
    }

    /**
     * A validation after {@code iterationsDone} iterations, which took {@code nanos}; {@code best}
     * when it is the lowest loss so far. Called before {@link #onIteration} of the same iteration.
     */
    default void onValidation(long iterationsDone, Evaluation result, boolean best, long nanos) {
    }

    /** Sends every call to each of {@code listeners} in order. */
    static TrainListener all(TrainListener... listeners) {
        return new TrainListener() {
            @Override
            public void onIteration(long iteration, double loss, double smoothLoss) {
                for (TrainListener l : listeners) {
                    l.onIteration(iteration, loss, smoothLoss);
                }
            }

            @Override
            public void onSample(long iteration, int[] tokens) {
                for (TrainListener l : listeners) {
                    l.onSample(iteration, tokens);
                }
            }

            @Override
            public void onValidation(long iterationsDone, Evaluation result, boolean best, long nanos) {
                for (TrainListener l : listeners) {
                    l.onValidation(iterationsDone, result, best, nanos);
                }
            }
        };
    }
}
