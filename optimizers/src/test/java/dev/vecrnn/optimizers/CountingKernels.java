package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.ForwardingKernels;
import dev.vecrnn.internal.kernel.Kernels;

/** Counts the elements the update kernels are asked to process. */
final class CountingKernels extends ForwardingKernels {
    long updated;

    CountingKernels(Kernels inner) {
        super(inner);
    }

    /** The tests count single-threaded kernels, which run every part on the calling thread. */
    @Override
    protected Kernels decorate(Kernels partKernels) {
        throw new AssertionError("counted kernels are single-threaded");
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] m, int off, int n, float lr, float eps) {
        updated += n;
        super.adagrad(w, g, m, off, n, lr, eps);
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] m, int off, int n, float lr, float decay, float eps) {
        updated += n;
        super.rmsprop(w, g, m, off, n, lr, decay, eps);
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int off, int n, float b1, float b2, float lrT, float epsT,
                     float wdLr) {
        updated += n;
        super.adam(w, g, m, v, off, n, b1, b2, lrT, epsT, wdLr);
    }

    @Override
    public void sgd(float[] w, float[] g, float[] v, int off, int n, float lr, float mu, boolean nesterov) {
        updated += n;
        super.sgd(w, g, v, off, n, lr, mu, nesterov);
    }
}
