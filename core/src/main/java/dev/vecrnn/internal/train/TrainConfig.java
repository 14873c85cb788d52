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
            throw VecrnnException.about("{seqLength} must be at least 1, not " + seqLength, "seqLength");
        }
        if (batchSize < 1) {
            throw VecrnnException.about("{batchSize} must be at least 1, not " + batchSize, "batchSize");
        }
        if (iterations < 1) {
            throw VecrnnException.about("{iterations} must be at least 1, not " + iterations, "iterations");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw VecrnnException.about("{learningRate} must be a positive number, not " + learningRate, "learningRate");
        }
        if (sampleEvery < 0) {
            throw VecrnnException.about("{sampleEvery} must be 0 (never) or positive, not " + sampleEvery, "sampleEvery");
        }
        if (sampleLength < 0) {
            throw VecrnnException.about("{sampleLength} must not be negative, not " + sampleLength, "sampleLength");
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.constant();
        }
    }
}
