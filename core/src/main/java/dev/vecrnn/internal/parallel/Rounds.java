package dev.vecrnn.internal.parallel;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.api.Training;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.train.Evaluator;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.train.Trainer;

import java.util.List;

/**
 * The driver's side of parameter averaging, whatever carries the rounds to the workers: the
 * shards, each round's checkpoint and shard states, and after the round the average, the
 * validation when it is due (as the trainer does it: every {@code evalEvery} iterations and at
 * the end) and the model file, written atomically by the run's own files.
 */
public final class Rounds {
    private final RunParts run;
    private final int localIterations;
    private final int[][] shards;
    private final Evaluator evaluator;
    private final int evalEvery;
    private ShardState[] states;

    /** Rounds of {@code localIterations} iterations of the built (not run) {@code training} on {@code workers} shards. */
    public Rounds(Training training, int workers, int localIterations) {
        if (localIterations < 1) {
            throw new IllegalArgumentException("localIterations " + localIterations);
        }
        this.run = RunParts.of(training);
        this.localIterations = localIterations;
        int batch = run.config().batchSize();
        this.shards = Shards.cut(run.data().train(), workers, batch, run.config().seqLength());
        this.states = ShardState.initial(run.state(), workers, shards[0].length / batch);
        this.evaluator = run.data().hasValidation() ? new Evaluator(run.model(), run.kernels()) : null;
        this.evalEvery = run.settings().evalEvery() == null ? 0 : run.settings().evalEvery();
    }

    /** The training tokens of each worker. */
    public int[][] shards() {
        return shards;
    }

    /** Whether the run has done its iterations. */
    public boolean done() {
        return run.state().iteration >= run.config().iterations();
    }

    /** Iterations of the run done so far. */
    public long iterationsDone() {
        return run.state().iteration;
    }

    /** The run's total iterations (each worker's). */
    public long iterations() {
        return run.config().iterations();
    }

    /** Iterations of the run done when the next round ends. */
    public long nextRoundEnd() {
        return Math.min(run.config().iterations(), run.state().iteration + localIterations);
    }

    /** The checkpoint every worker starts the next round from, as model file bytes. */
    public byte[] roundCheckpoint() {
        return run.checkpoint().get().toBytes();
    }

    /** Each shard's own state for the next round. */
    public ShardState[] shardStates() {
        return states.clone();
    }

    /** The run's state (iterations, smooth loss, history). */
    public TrainState state() {
        return run.state();
    }

    /** The run itself: its settings, configuration, model and files. */
    public RunParts parts() {
        return run;
    }

    /**
     * Ends a round with the workers' checkpoints (in shard order): averages them into the run,
     * measures the validation loss if it is due and writes the model file. Returns the validation,
     * or null when none was due.
     */
    public Evaluation finish(List<Checkpoint> results) {
        TrainState state = run.state();
        long before = state.iteration;
        states = Averaging.apply(results, run.model(), run.optimizer(), state);
        Evaluation e = null;
        long now = state.iteration;
        boolean due = now >= run.config().iterations() || evalEvery > 0 && now / evalEvery > before / evalEvery;
        if (evaluator != null && due && state.lastValIteration != now) {
            long t0 = System.nanoTime();
            e = evaluator.evaluate(run.data().validation());
            Trainer.addTrainPoint(state, run.config().seqLength());
            boolean best = state.recordValidation(e.lossPerToken());
            run.events().onValidation(now, e, best, System.nanoTime() - t0);
        }
        run.files().save(now);
        return e;
    }
}
