package dev.vecrnn.internal.train;

/**
 * What a call to {@link Trainer#run} did: iterations, tokens, time (sampling and validation
 * included, each also on its own) and whether it was stopped early.
 */
public record TrainResult(long iterations, long tokens, long nanos, long sampleNanos, long evalNanos, boolean stopped) {

    /** Training throughput, not counting the time spent sampling and validating. */
    public double tokensPerSecond() {
        long trainNanos = Math.max(1, nanos - sampleNanos - evalNanos);
        return tokens * 1e9 / trainNanos;
    }
}
