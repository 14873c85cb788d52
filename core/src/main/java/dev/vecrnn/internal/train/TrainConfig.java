package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;

/**
 * How to train: chunk length T, streams B, total iterations of the run, learning rate and its
 * schedule, clipping, and how often to sample.
 *
 * <p>The loss of a chunk is summed over its T steps and averaged over its B streams, and the
 * gradient is that of this loss: with B = 1 it is exactly the seed's.
 */
public record TrainConfig(int seqLength, int batchSize, long iterations, double learningRate,
                          Clipping clipping, int sampleEvery, int sampleLength, LearningRateSchedule schedule) {

    /** A constant learning rate. */
    public TrainConfig(int seqLength, int batchSize, long iterations, double learningRate,
                       Clipping clipping, int sampleEvery, int sampleLength) {
        this(seqLength, batchSize, iterations, learningRate, clipping, sampleEvery, sampleLength,
                LearningRateSchedule.constant());
    }

    public TrainConfig {
        if (seqLength < 1) {
            throw new VecrnnException("--seq-length must be at least 1, not " + seqLength);
        }
        if (batchSize < 1) {
            throw new VecrnnException("--batch-size must be at least 1, not " + batchSize);
        }
        if (iterations < 1) {
            throw new VecrnnException("--iterations must be at least 1, not " + iterations);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new VecrnnException("--lr must be a positive number, not " + learningRate);
        }
        if (sampleEvery < 0) {
            throw new VecrnnException("--sample-every must be 0 (never) or positive, not " + sampleEvery);
        }
        if (sampleLength < 0) {
            throw new VecrnnException("--sample-length must not be negative, not " + sampleLength);
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.constant();
        }
    }
}
