package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;

/** The loss became NaN, infinite or absurdly large: the run stops instead of writing garbage weights. */
public final class DivergedException extends VecrnnException {
    private static final long serialVersionUID = 1L;
    /** What the user can do about it. */
    public static final String ADVICE = "lower the learning rate with --lr or clip gradients with --clip / --clip-norm";

    private final long iteration;
    private final double loss;

    public DivergedException(long iteration, double loss) {
        super("training diverged at iteration " + iteration + " (loss " + loss + "); " + ADVICE);
        this.iteration = iteration;
        this.loss = loss;
    }

    public long iteration() {
        return iteration;
    }

    public double loss() {
        return loss;
    }
}
