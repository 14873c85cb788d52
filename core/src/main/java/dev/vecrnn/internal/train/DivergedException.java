package dev.vecrnn.internal.train;

/**
 * The loss became NaN, infinite or absurdly large: the trainer stops instead of writing garbage
 * weights. {@code dev.vecrnn.api.Training} turns it into a message that says where the last good
 * state is.
 */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final double loss;

    public DivergedException(long iteration, double loss) {
        super("training diverged at iteration " + iteration + " (loss " + loss + ")");
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
