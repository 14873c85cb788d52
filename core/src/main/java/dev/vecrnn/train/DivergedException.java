package dev.vecrnn.train;

import dev.vecrnn.util.UserException;

/** The loss became NaN or infinite: the run stops instead of writing garbage weights. */
public final class DivergedException extends UserException {
    private static final long serialVersionUID = 1L;

    public DivergedException(long iteration, double loss) {
        super("training diverged at iteration " + iteration + " (loss " + loss
                + "); lower the learning rate with --lr or clip gradients with --clip / --clip-norm");
    }
}
