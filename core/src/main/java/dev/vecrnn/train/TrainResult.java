package dev.vecrnn.train;

/** What a call to {@link Trainer#run} did: iterations, tokens, time (sampling included) and whether it was stopped early. */
public record TrainResult(long iterations, long tokens, long nanos, long sampleNanos, boolean stopped) {

    /** Training throughput, not counting the time spent sampling. */
    public double tokensPerSecond() {
        long trainNanos = Math.max(1, nanos - sampleNanos);
        return tokens * 1e9 / trainNanos;
    }
}
