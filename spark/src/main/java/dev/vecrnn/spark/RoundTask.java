package dev.vecrnn.spark;

import dev.vecrnn.api.KernelChoice;
import dev.vecrnn.api.Plugins;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.parallel.LocalIterations;
import dev.vecrnn.internal.parallel.ShardState;
import dev.vecrnn.internal.train.DivergedException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;

/**
 * One worker's round, run by Spark for one shard index: the round's checkpoint and the shard's
 * own state and tokens in, {@link LocalIterations} for K iterations, the checkpoint after it out.
 * It reads nothing but these inputs, so a task Spark runs again (a lost executor, a retry)
 * returns the same bytes.
 */
final class RoundTask implements Function<Integer, RoundResult> {
    private static final long serialVersionUID = 1L;
    /**
     * A local property (set with {@code SparkContext.setLocalProperty}) that makes the first attempt
     * of shard 0's task of the given round fail: how the tests check that a retried task gives
     * the same round.
     */
    static final String FAIL_FIRST_ATTEMPT_OF_ROUND = "vecrnn.test.failFirstAttemptOfRound";

    private final Broadcast<byte[]> round;
    private final Broadcast<ShardState[]> states;
    private final List<Broadcast<int[]>> shards;
    private final long roundNumber;
    private final long until;
    private final int threads;

    RoundTask(Broadcast<byte[]> round, Broadcast<ShardState[]> states, List<Broadcast<int[]>> shards, long roundNumber,
              long until, int threads) {
        this.round = round;
        this.states = states;
        this.shards = shards;
        this.roundNumber = roundNumber;
        this.until = until;
        this.threads = threads;
    }

    @Override
    public RoundResult call(Integer shard) {
        failIfAsked(shard);
        long t0 = System.nanoTime();
        Checkpoint start = Checkpoint.fromBytes(round.value(), "the checkpoint of round " + roundNumber);
        Kernels kernels = ParallelKernels.wrap(KernelsLoader.get(KernelChoice.AUTO), threads);
        try {
            Checkpoint after = LocalIterations.run(start, states.value()[shard], shards.get(shard).value(), until,
                    Plugins.builtIn(), kernels);
            return RoundResult.trained(shard, after.toBytes(), System.nanoTime() - t0);
        } catch (DivergedException e) {
            return RoundResult.diverged(shard, e.iteration(), e.loss(), System.nanoTime() - t0);
        } finally {
            if (kernels instanceof ParallelKernels p) {
                p.close();
            }
        }
    }

    private void failIfAsked(int shard) {
        TaskContext task = TaskContext.get();
        String failRound = task == null ? null : task.getLocalProperty(FAIL_FIRST_ATTEMPT_OF_ROUND);
        if (failRound != null && Long.parseLong(failRound) == roundNumber && shard == 0 && task.attemptNumber() == 0) {
            throw new IllegalStateException("failing the first attempt of round " + roundNumber + " as the test asked");
        }
    }
}
