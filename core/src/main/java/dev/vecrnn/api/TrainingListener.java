package dev.vecrnn.api;

import java.nio.file.Path;

/**
 * What a {@link Training} reports as it goes. Every call comes from the training thread, between
 * iterations; a listener that blocks holds up training, and one that throws stops it (the
 * exception comes out of {@link Training#run()}). All methods do nothing by default.
 */
public interface TrainingListener {

    /** After each iteration's update. */
    default void onIteration(IterationDone e) {
    }

    /** A sample drawn from the model every {@code sampleEvery} iterations (before that iteration's update). */
    default void onSample(SampleDrawn e) {
    }

    /** A validation (every {@code evalEvery} iterations and at the end). */
    default void onValidation(ValidationDone e) {
    }

    /** The model file was written: every {@code checkpointEvery} iterations and at the end of the run. */
    default void onCheckpoint(CheckpointWritten e) {
    }

    /** The best model so far by validation loss was written beside the model file. */
    default void onBestModel(BestModelWritten e) {
    }

    /**
     * An iteration done.
     *
     * @param iteration       the iteration's number, 0-based (the seed prints these)
     * @param iterations      the run's total, counting those of a resumed file
     * @param loss            the chunk's loss: -log p summed over its steps, averaged over its streams
     * @param smoothLoss      the seed's running average of {@code loss} (0.999 old, 0.001 new)
     * @param seqLength       steps per chunk, to turn the losses into nats per token
     * @param tokensPerSecond tokens trained per second since this session started (sampling and validation included)
     */
    record IterationDone(long iteration, long iterations, double loss, double smoothLoss, int seqLength,
                         double tokensPerSecond) {
        /** Iterations done, counting this one. */
        public long done() {
            return iteration + 1;
        }
    }

    /**
     * A sample.
     *
     * @param iteration the iteration it was drawn before (0-based)
     * @param text      the drawn tokens as text, joined by the tokenizer
     */
    record SampleDrawn(long iteration, String text) {
    }

    /**
     * A validation.
     *
     * @param iterationsDone iterations done when it was measured
     * @param result         the loss on the held-out tokens
     * @param best           whether it is the lowest so far
     * @param seconds        how long it took
     */
    record ValidationDone(long iterationsDone, Evaluation result, boolean best, double seconds) {
    }

    /**
     * The model file written.
     *
     * @param file           where
     * @param iterationsDone iterations it holds
     * @param last           whether this is the run's last write (the end, or a stop)
     */
    record CheckpointWritten(Path file, long iterationsDone, boolean last) {
    }

    /**
     * The best model written.
     *
     * @param file           where (beside the model file: {@code model.best.vrnn})
     * @param iterationsDone iterations it holds
     * @param validationLoss its validation loss, nats per token
     */
    record BestModelWritten(Path file, long iterationsDone, double validationLoss) {
    }
}
