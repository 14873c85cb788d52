package dev.vecrnn.spark;

import java.io.Serializable;

/**
 * What a worker sends back after its K iterations: the checkpoint after them as model file bytes
 * (weights, optimizer state and the shard's streams), or where it diverged; and how long it
 * trained, from which the driver tells computation from exchange.
 */
record RoundResult(int shard, byte[] checkpoint, long divergedAt, double divergedLoss, long trainNanos)
        implements Serializable {

    static RoundResult trained(int shard, byte[] checkpoint, long nanos) {
        return new RoundResult(shard, checkpoint, -1, Double.NaN, nanos);
    }

    static RoundResult diverged(int shard, long iteration, double loss, long nanos) {
        return new RoundResult(shard, null, iteration, loss, nanos);
    }

    boolean isDiverged() {
        return divergedAt >= 0;
    }
}
