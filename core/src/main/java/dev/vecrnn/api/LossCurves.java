package dev.vecrnn.api;

import java.util.List;

/**
 * A run's loss against iterations done, in nats per token, for charts: the mean training loss
 * over each window of iterations, and each validation. A resumed run's curves start where the
 * run began.
 *
 * @param training   (iterations done, mean training loss over the window that ends there)
 * @param validation (iterations done, validation loss)
 */
public record LossCurves(List<Point> training, List<Point> validation) {

    public LossCurves {
        training = List.copyOf(training);
        validation = List.copyOf(validation);
    }

    /** One point of a curve. */
    public record Point(long iteration, double loss) {
    }
}
