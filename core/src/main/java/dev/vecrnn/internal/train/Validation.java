package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;

/**
 * Held-out ids and how often to measure the loss on them: after every {@code every} iterations
 * (0 = only at the end of the run) and at the end of the run.
 */
public record Validation(int[] ids, int every) {
    public Validation {
        if (every < 0) {
            throw VecrnnException.about("{evalEvery} must be 0 (only at the end) or positive, not " + every, "evalEvery");
        }
    }
}
