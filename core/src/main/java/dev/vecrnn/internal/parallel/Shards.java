package dev.vecrnn.internal.parallel;

import dev.vecrnn.api.VecrnnException;

import java.util.Arrays;

/**
 * Cuts the training tokens into contiguous shards of equal length, one per worker; the last
 * {@code length % workers} tokens are left out. Equal lengths keep every shard's data position and
 * wrap in step, so one position describes all of them.
 */
public final class Shards {
    private Shards() {
    }

    /**
     * The {@code workers} shards of {@code ids}, each checked to hold a batch of {@code batch}
     * streams of {@code steps} + 1 tokens.
     */
    public static int[][] cut(int[] ids, int workers, int batch, int steps) {
        if (workers < 1) {
            throw VecrnnException.about("{workers} must be at least 1, not " + workers, "workers");
        }
        int length = ids.length / workers;
        int[][] shards = new int[workers][];
        for (int w = 0; w < workers; w++) {
            shards[w] = Arrays.copyOfRange(ids, w * length, (w + 1) * length);
        }
        if (length / batch < steps + 1) {
            throw VecrnnException.about("each of the " + workers + " {workers} trains on " + length + " tokens, too few for "
                    + batch + " streams ({batchSize}) of {seqLength} + 1 = " + (steps + 1) + " tokens; use fewer {workers},"
                    + " a smaller {batchSize} or {seqLength}, or more text", "workers", "batchSize", "seqLength");
        }
        return shards;
    }
}
