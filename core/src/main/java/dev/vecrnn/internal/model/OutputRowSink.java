package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

/**
 * Takes the output weights' gradient a block of rows at a time, in place of the whole gradient
 * (see {@link ModelRun#backward(float, Kernels, OutputRowSink)}).
 */
@FunctionalInterface
public interface OutputRowSink {

    /**
     * The gradient of rows [first, first + count) of {@code weight}, in
     * {@code grad[0, count * weight.cols())}. Those rows' old values have been used already, so
     * the sink may update them; it may also overwrite {@code grad}. Calls for disjoint rows may
     * come at the same time from different threads, each with the kernels it is to use.
     */
    void accept(Param weight, int first, int count, float[] grad, Kernels kernels);
}
