package dev.vecrnn.spi;

import dev.vecrnn.kernel.Kernels;
import dev.vecrnn.model.Param;

import java.util.List;

/**
 * Updates parameters from their gradients. State (moments, accumulators) is kept per parameter
 * name, so a checkpoint can save it and a resumed run continue exactly.
 */
public interface Optimizer {

    /**
     * One update of every parameter from its gradient at learning rate {@code lr}.
     * A parameter whose {@link Param#touchedRows()} is not null had a gradient only in those
     * rows; an optimizer for which a zero gradient changes nothing may update just them.
     */
    void step(List<Param> params, float lr, Kernels kernels);

    /** Everything needed to continue: the step count and the named state arrays. */
    OptimizerState state();

    /** Restores what {@link #state()} returned; called before the first {@link #step}. */
    void restore(OptimizerState state);
}
