package dev.vecrnn.internal.parallel;

import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Rng;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What belongs to one shard rather than to the shared model: where its streams are, the hidden
 * state they carry and the random generators (dropout) it draws from. Sent to a worker with the
 * round's weights and returned with its result, so a worker's output depends only on the round's
 * inputs and a retried task repeats it exactly.
 */
public record ShardState(int position, float[][] carried, TreeMap<String, Long> rngs) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A copy of the shard's part of {@code s}. */
    public static ShardState of(TrainState s) {
        float[][] c = new float[s.carried.length][];
        for (int l = 0; l < c.length; l++) {
            c[l] = s.carried[l].clone();
        }
        TreeMap<String, Long> r = new TreeMap<>();
        for (Map.Entry<String, Rng> e : s.rngs().entrySet()) {
            r.put(e.getKey(), e.getValue().state());
        }
        return new ShardState(s.position, c, r);
    }

    /**
     * The shards' states at the start of a run from {@code s} (a new run's, or a resumed file's):
     * shard 0 continues {@code s} exactly (so one worker is the single-machine run), the others
     * start with a zero hidden state and generators of their own derived from {@code s}'s. A
     * position beyond a shard's streams (a file written with fewer workers) starts them over.
     */
    public static ShardState[] initial(TrainState s, int workers, int streamLength) {
        ShardState first = of(s);
        ShardState[] shards = new ShardState[workers];
        for (int w = 0; w < workers; w++) {
            ShardState mine = w == 0 ? first : first.otherShard(w);
            shards[w] = mine.position < streamLength ? mine : mine.restarted();
        }
        return shards;
    }

    /** Puts this shard's position, hidden state and generators into {@code s}. */
    public void applyTo(TrainState s) {
        s.position = position;
        if (carried.length != s.carried.length) {
            throw new IllegalArgumentException("carried state for " + carried.length + " layers, not " + s.carried.length);
        }
        for (int l = 0; l < carried.length; l++) {
            System.arraycopy(carried[l], 0, s.carried[l], 0, s.carried[l].length);
        }
        rngs.forEach(s::restoreRng);
    }

    private ShardState otherShard(int w) {
        TreeMap<String, Long> r = new TreeMap<>();
        // SplitMix64 of a mixed seed: shard w's sequence is not shard 0's shifted by a few draws
        rngs.forEach((k, v) -> r.put(k, new Rng(v ^ (w * 0xD1B54A32D192ED03L)).nextLong()));
        return new ShardState(position, zeros(carried), r);
    }

    private ShardState restarted() {
        return new ShardState(0, zeros(carried), rngs);
    }

    private static float[][] zeros(float[][] like) {
        float[][] z = new float[like.length][];
        for (int l = 0; l < z.length; l++) {
            z[l] = new float[like[l].length];
        }
        return z;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardState other && position == other.position && Arrays.deepEquals(carried, other.carried)
                && rngs.equals(other.rngs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * position + Arrays.deepHashCode(carried)) + rngs.hashCode();
    }

    @Override
    public String toString() {
        return "ShardState[position=" + position + ", layers=" + carried.length + ", rngs=" + rngs + "]";
    }
}
