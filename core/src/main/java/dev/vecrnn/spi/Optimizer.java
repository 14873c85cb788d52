package dev.vecrnn.spi;

import java.util.List;

/**
 * Updates parameters from their gradients. State (moments, accumulators) is kept per parameter
 * name, so a checkpoint can save it and a resumed run continue exactly.
 *
 * <p>The {@link VectorOps} passed to each call are the kernels the model trains with
 * (vectorized where the Vector API is available): a plugin writes its rule from their
 * building blocks, or from the fused built-in rules, and gets vector speed without code of its own.
 */
public interface Optimizer {

    /**
     * How many arrays the size of a parameter this optimizer keeps for each parameter (Adagrad 1,
     * Adam 2, plain SGD 0): what the memory estimate counts before training starts.
     */
    int stateSlots();

    /**
     * One update of every parameter from its gradient at learning rate {@code lr}.
     * A parameter whose {@link Parameter#touchedRows()} is not null had a gradient only in those
     * rows; an optimizer for which a zero gradient changes nothing may update just them.
     */
    void step(List<? extends Parameter> params, float lr, VectorOps ops);

    /** Everything needed to continue: the step count and the named state arrays. */
    OptimizerState state();

    /** Restores what {@link #state()} returned; called before the first {@link #step}. */
    void restore(OptimizerState state);

    /**
     * Optional: begins a step in which some dense parameters are updated a block of rows at a
     * time, each from a gradient block that the caller computes just before and then drops, so a
     * large gradient never has to exist whole (the trainer's fused output layer, see
     * docs/ARCHITECTURE.md). An optimizer whose update of an element depends only on that
     * element's weight, gradient and state can do this; the default returns null, and the caller
     * then computes whole gradients and calls {@link #step}.
     *
     * <p>The step counts as one {@link #step} of all {@code params} at rate {@code lr} (one step
     * for the step count and bias corrections, however many blocks): each parameter is updated
     * exactly once, either in blocks through {@link BlockStep#updateRows} that together cover all
     * its rows, or from its own gradient in {@link BlockStep#finish}. No other method of this
     * optimizer is called until {@code finish} returns. A state that does not fit the parameters
     * fails here, before any weight changes.
     */
    default BlockStep beginBlockStep(List<? extends Parameter> params, float lr) {
        return null;
    }

    /** A step begun by {@link #beginBlockStep}. */
    interface BlockStep {
        /**
         * Updates rows [first, first + count) of the dense parameter {@code p}, and its state, from
         * their gradient {@code grad[gradOff, gradOff + count * p.cols())}, exactly as
         * {@link #step} would with that gradient. May overwrite the gradient block. Calls for
         * disjoint rows may run at the same time on different threads, each with its own
         * {@code ops}.
         */
        void updateRows(Parameter p, int first, int count, float[] grad, int gradOff, VectorOps ops);

        /** Updates {@code rest} (the parameters not updated in blocks) from their gradients and ends the step. */
        void finish(List<? extends Parameter> rest, VectorOps ops);
    }
}
