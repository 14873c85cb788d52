package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;

/**
 * B independent streams over the token ids, in the char-rnn layout: the ids are cut into B
 * contiguous parts of equal length and stream b sweeps part b left to right in chunks of T
 * steps. With B = 1 this is exactly the seed's data pointer: before each chunk, if
 * {@code p + T + 1 >= length} the pointer goes back to 0 and the carried state is reset.
 */
public final class Streams {
    private final int[] ids;
    private final int batch;
    private final int steps;
    private final int partLength;
    private int position;

    public Streams(int[] ids, int batch, int steps) {
        if (batch < 1) {
            throw VecrnnException.about("{batchSize} must be at least 1, not " + batch, "batchSize");
        }
        if (steps < 1) {
            throw VecrnnException.about("{seqLength} must be at least 1, not " + steps, "seqLength");
        }
        this.ids = ids;
        this.batch = batch;
        this.steps = steps;
        this.partLength = ids.length / batch;
        if (partLength < steps + 1) {
            throw new VecrnnException(batch == 1
                    ? "the training text has " + ids.length + " tokens, fewer than --seq-length + 1 = " + (steps + 1)
                    + "; use more text or a shorter --seq-length"
                    : "with --batch-size " + batch + " each stream has " + partLength + " tokens, fewer than --seq-length + 1 = "
                    + (steps + 1) + "; use a smaller --batch-size or --seq-length");
        }
    }

    public int batch() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    /**
     * Chunks in one pass over the ids (an epoch): the chunks that start at 0, T, 2T, ... before
     * {@link #next} wraps. At least 1.
     */
    public long iterationsPerEpoch() {
        long room = (long) partLength - steps - 1;
        return Math.max(1, (room + steps - 1) / steps);
    }

    /** Where the next chunk starts within each stream's part (the same for every stream). */
    public int position() {
        return position;
    }

    /** Continues from a saved {@link #position()}. */
    public void setPosition(int position) {
        if (position < 0 || position >= partLength) {
            throw new IllegalArgumentException("position " + position + " outside the stream length " + partLength);
        }
        this.position = position;
    }

    /**
     * Fills the next chunk, step-major ({@code t*B + b}), and moves on. Returns true when the
     * streams wrapped to their start before this chunk, so the carried state must be reset.
     */
    public boolean next(int[] inputs, int[] targets) {
        boolean wrapped = false;
        if (position + steps + 1 >= partLength) {
            position = 0;
            wrapped = true;
        }
        for (int b = 0; b < batch; b++) {
            int base = b * partLength + position;
            for (int t = 0; t < steps; t++) {
                inputs[t * batch + b] = ids[base + t];
                targets[t * batch + b] = ids[base + t + 1];
            }
        }
        position += steps;
        return wrapped;
    }
}
