package dev.vecrnn.train;

/** What a training run reports as it goes. */
public interface TrainListener {

    /** After the update of iteration {@code iteration} (0-based): its chunk loss and the smooth loss. */
    default void onIteration(long iteration, double loss, double smoothLoss) {
    }

    /** A sample taken before iteration {@code iteration}, as token ids. */
    default void onSample(long iteration, int[] tokens) {
    }
}
