package dev.vecrnn.api;

import java.nio.file.Path;

/**
 * Training stopped because the loss became NaN, infinite or absurdly large. The model file is not
 * overwritten with the broken weights: {@link #lastGoodFile()} still holds the last good state
 * (or is null when none was written yet), from which a run with a lower learning rate or with
 * clipping can resume.
 */
public final class TrainingDivergedException extends VecrnnException {
    private static final long serialVersionUID = 1L;
    private final long iteration;
    private final transient Path lastGoodFile;

    TrainingDivergedException(VecrnnException message, long iteration, Path lastGoodFile) {
        super(message);
        this.iteration = iteration;
        this.lastGoodFile = lastGoodFile;
    }

    /** The iteration whose loss diverged (0-based). */
    public long iteration() {
        return iteration;
    }

    /** The file that holds the last good state, or null. */
    public Path lastGoodFile() {
        return lastGoodFile;
    }
}
