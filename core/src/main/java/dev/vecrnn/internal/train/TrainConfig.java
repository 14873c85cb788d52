package dev.vecrnn.internal.train;

import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.internal.train.LearningRateSchedule.Period;

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

    /**
     * What a run's settings say: their clipping, learning-rate schedule and sampling. The settings
     * must name a learning rate (a prepared run's settings do: the optimizer's default is filled in).
     */
    public static TrainConfig of(TrainSettings s) {
        return new TrainConfig(s.seqLength(), s.batchSize(), s.iterations(), s.learningRate(), clipping(s),
                s.sampleEvery(), s.sampleLength(), schedule(s));
    }

    static Clipping clipping(TrainSettings s) {
        if (s.clipNorm() != null) {
            return Clipping.norm(s.clipNorm());
        }
        double limit = s.clipValue();
        return limit == 0 ? Clipping.none() : Clipping.value(limit);
    }

    private static LearningRateSchedule schedule(TrainSettings s) {
        if (s.lrDecay() == null) {
            return LearningRateSchedule.constant();
        }
        Period every = s.lrDecayEvery() == null ? Period.ofEpochs(1) : Period.parse(s.lrDecayEvery(), "lrDecayEvery");
        Period after = s.lrDecayAfter() == null ? Period.ZERO : Period.parse(s.lrDecayAfter(), "lrDecayAfter");
        return LearningRateSchedule.stepDecay(s.lrDecay(), every, after);
    }

    /** This configuration, ending after {@code total} iterations of the run. */
    public TrainConfig withIterations(long total) {
        return new TrainConfig(seqLength, batchSize, total, learningRate, clipping, sampleEvery, sampleLength, schedule);
    }

    /** This configuration without samples (a worker has nobody to show them to). */
    public TrainConfig withoutSamples() {
        return new TrainConfig(seqLength, batchSize, iterations, learningRate, clipping, 0, sampleLength, schedule);
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
