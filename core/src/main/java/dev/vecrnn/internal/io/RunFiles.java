package dev.vecrnn.internal.io;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The files of a training run: the model file, written every {@code checkpointEvery} iterations
 * and at the end, and the best model by validation loss beside it ({@code model.best.vrnn}),
 * written whenever the validation loss improves. Remembers the last good file, so that a
 * diverged run can say where to resume from.
 */
public final class RunFiles {
    private final Path out;
    private final Path best;
    private final int checkpointEvery;
    private final Supplier<Checkpoint> now;
    private Path lastGood;
    private long lastGoodIteration = -1;

    /**
     * @param now            the run's checkpoint as it is at the moment of the call
     * @param resumedFrom    the file the run was resumed from (the last good state until a write), or null
     * @param iterationsDone iterations that file holds
     */
    public RunFiles(Path out, int checkpointEvery, Supplier<Checkpoint> now, Path resumedFrom, long iterationsDone) {
        this.out = out;
        this.best = bestPath(out);
        this.checkpointEvery = checkpointEvery;
        this.now = now;
        if (resumedFrom != null) {
            lastGood = resumedFrom;
            lastGoodIteration = iterationsDone;
        }
    }

    /** {@code model.vrnn} gives {@code model.best.vrnn}; a name without extension gets {@code .best}. */
    public static Path bestPath(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String best = dot > 0 ? name.substring(0, dot) + ".best" + name.substring(dot) : name + ".best";
        return out.resolveSibling(best);
    }

    public Path out() {
        return out;
    }

    public Path best() {
        return best;
    }

    /** Writes the model file if {@code done} iterations call for a periodic checkpoint before the run's end; returns whether it did. */
    public boolean periodic(long done, long total) {
        if (checkpointEvery > 0 && done % checkpointEvery == 0 && done < total) {
            save(done);
            return true;
        }
        return false;
    }

    /** Writes the best model. */
    public void writeBest() {
        now.get().write(best);
    }

    /** Writes the model file unless it already holds iteration {@code done}. */
    public void save(long done) {
        if (lastGoodIteration == done && out.equals(lastGood)) {
            return;
        }
        now.get().write(out);
        lastGood = out;
        lastGoodIteration = done;
    }

    /** The file that holds the last good state, or null if none was written yet. */
    public Path lastGood() {
        return lastGood;
    }

    /** Iterations the last good file holds, -1 if none. */
    public long lastGoodIteration() {
        return lastGoodIteration;
    }
}
