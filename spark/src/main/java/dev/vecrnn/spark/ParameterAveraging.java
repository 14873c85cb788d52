package dev.vecrnn.spark;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.parallel.RunParts;
import dev.vecrnn.internal.parallel.ShardState;
import dev.vecrnn.internal.parallel.Rounds;
import dev.vecrnn.internal.train.TrainState;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The driver of data-parallel training: a prepared {@link Training} (new or resumed, the same
 * checks and files as {@code vecrnn train}) trained in rounds on Spark. The training tokens are
 * cut into one contiguous shard per worker and broadcast once; each round broadcasts the model
 * file bytes of the current run, every worker trains its shard K iterations from them, and the
 * driver averages the weights and optimizer state, writes the model file (atomically, as the
 * trainer does) and measures the validation loss when it is due.
 */
public final class ParameterAveraging {
    /** What the driver reports after each round. */
    public interface Progress {
        /**
         * Round {@code round} ended after {@code iterations} iterations of the run. From the
         * broadcast to the last result decoded it took {@code seconds} on the driver's clock, of
         * which the slowest worker trained {@code trainSeconds} (the rest is the exchange:
         * broadcast, scheduling, results, decoding); then the driver spent {@code driverSeconds}
         * averaging, validating and writing the model file.
         */
        void onRound(long round, long iterations, long total, double smoothLossPerToken, double seconds, double trainSeconds,
                     double driverSeconds, long tokens);

        /** The validation loss after {@code iterations}. */
        void onValidation(long iterations, Evaluation e, boolean best);
    }

    private final JavaSparkContext spark;
    private final int workers;
    private final int localIterations;
    private final int threads;

    /**
     * @param workers         shards, one task each per round
     * @param localIterations K: iterations each worker trains between averages
     * @param threads         kernel threads of each task
     */
    public ParameterAveraging(JavaSparkContext spark, int workers, int localIterations, int threads) {
        check(workers, localIterations, threads);
        this.spark = spark;
        this.workers = workers;
        this.localIterations = localIterations;
        this.threads = threads;
    }

    /** Refuses a number of workers, local iterations or threads below 1, naming the option. */
    public static void check(int workers, int localIterations, int threads) {
        if (workers < 1) {
            throw VecrnnException.about("{workers} must be at least 1, not " + workers, "workers");
        }
        if (localIterations < 1) {
            throw VecrnnException.about("{localIterations} must be at least 1, not " + localIterations, "localIterations");
        }
        if (threads < 1) {
            throw VecrnnException.about("{threads} must be at least 1, not " + threads, "threads");
        }
    }

    /** Trains {@code training} to its {@code iterations} (counted per worker), then closes it. */
    public void run(Training training, Progress progress) {
        List<Broadcast<?>> broadcasts = new ArrayList<>();
        try (training) {
            Rounds rounds = new Rounds(training, workers, localIterations);
            List<Broadcast<int[]>> shardData = new ArrayList<>();
            for (int[] s : rounds.shards()) {
                Broadcast<int[]> b = spark.broadcast(s);
                shardData.add(b);
                broadcasts.add(b);
            }
            JavaRDD<Integer> indices = spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
            TrainState state = rounds.state();
            long round = state.iteration / localIterations;
            while (!rounds.done()) {
                long before = state.iteration;
                long until = rounds.nextRoundEnd();
                long t0 = System.nanoTime();
                Broadcast<byte[]> weights = spark.broadcast(rounds.roundCheckpoint());
                Broadcast<ShardState[]> shardStates = spark.broadcast(rounds.shardStates());
                List<RoundResult> results;
                try {
                    results = indices.map(new RoundTask(weights, shardStates, shardData, round, until, threads)).collect();
                } finally {
                    weights.destroy();
                    shardStates.destroy();
                }
                List<Checkpoint> after = new ArrayList<>(workers);
                long slowest = 0;
                for (RoundResult r : results) {
                    if (r.isDiverged()) {
                        throw diverged(rounds.parts(), r);
                    }
                    after.add(Checkpoint.fromBytes(r.checkpoint(), "worker " + r.shard() + "'s checkpoint"));
                    slowest = Math.max(slowest, r.trainNanos());
                }
                long t1 = System.nanoTime();
                Evaluation e = rounds.finish(after);
                long t2 = System.nanoTime();
                round++;
                int steps = rounds.parts().config().seqLength();
                long tokens = (until - before) * rounds.parts().config().batchSize() * steps * workers;
                progress.onRound(round, state.iteration, rounds.iterations(), state.smoothLoss / steps, (t1 - t0) / 1e9,
                        slowest / 1e9, (t2 - t1) / 1e9, tokens);
                if (e != null) {
                    progress.onValidation(state.iteration, e, state.bestValLoss == e.lossPerToken());
                }
            }
        } finally {
            for (Broadcast<?> b : broadcasts) {
                b.destroy();
            }
        }
    }

    private static VecrnnException diverged(RunParts run, RoundResult r) {
        String where = run.files().lastGood() == null ? "no model file was written yet"
                : run.files().lastGood() + " holds the last good round (" + run.files().lastGoodIteration() + " iterations)";
        return VecrnnException.about("training diverged on worker " + r.shard() + " at iteration " + r.divergedAt() + " (loss "
                + r.divergedLoss() + "); " + where + "; lower the {learningRate}, clip gradients with {clip} or {clipNorm},"
                + " or train fewer {localIterations} between averages", "learningRate", "clip", "clipNorm", "localIterations");
    }
}
