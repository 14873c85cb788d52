package dev.vecrnn.app;

import dev.vecrnn.internal.train.DivergedException;
import dev.vecrnn.internal.train.Evaluation;
import dev.vecrnn.internal.train.TrainListener;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the run's model file every {@code --checkpoint-every} iterations and at the end, and
 * the best model by validation loss beside it whenever the validation loss improves. Remembers
 * the last good file, so that a diverged run can say where to resume from.
 */
final class Checkpointer implements TrainListener {
    private final RunPlan plan;
    private final Progress progress;
    private Path lastGood;
    private long lastGoodIteration = -1;

    Checkpointer(RunPlan plan, Progress progress) {
        this.plan = plan;
        this.progress = progress;
        if (plan.resumedFrom != null) {
            lastGood = plan.resumedFrom;
            lastGoodIteration = plan.state.iteration;
        }
    }

    @Override
    public void onIteration(long iteration, double loss, double smoothLoss) {
        long done = iteration + 1;
        if (plan.checkpointEvery > 0 && done % plan.checkpointEvery == 0 && done < plan.config.iterations()) {
            save();
            progress.println(String.format(Locale.ROOT, "saved %s after %d iterations", plan.out, done));
        }
    }

    @Override
    public void onValidation(long iterationsDone, Evaluation result, boolean best, long nanos) {
        if (best) {
            plan.checkpoint().write(plan.best);
            progress.println(String.format(Locale.ROOT, "saved %s: the best validation loss so far", plan.best));
        }
    }

    /** Writes the model file unless it already holds this iteration. */
    void save() {
        if (lastGoodIteration == plan.state.iteration && plan.out.equals(lastGood)) {
            return;
        }
        plan.checkpoint().write(plan.out);
        lastGood = plan.out;
        lastGoodIteration = plan.state.iteration;
    }

    /** What to tell the user when the run diverged: where the last good state is and what to change. */
    String divergedMessage(DivergedException e) {
        String head = "training diverged at iteration " + e.iteration() + " (loss " + e.loss() + "); ";
        if (lastGood == null) {
            return head + "no checkpoint had been written yet (--checkpoint-every N writes one every N iterations); "
                    + DivergedException.ADVICE;
        }
        return head + lastGood + " still holds the last good state (" + lastGoodIteration + " iterations); "
                + DivergedException.ADVICE + ", then continue with --resume " + lastGood;
    }
}
