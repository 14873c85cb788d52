package dev.vecrnn.optimizers;

import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.Parameter;

import java.util.Arrays;
import java.util.List;

/**
 * Stochastic gradient descent as torch.optim.SGD (no dampening): with weight decay the gradient
 * becomes {@code g + wd*w}; with momentum {@code v = mu*v + g} and the step is {@code v}, or
 * {@code g + mu*v} with Nesterov; then {@code w -= lr * step}.
 *
 * <p>Plain SGD leaves a weight with zero gradient as it is, so a sparse parameter is updated
 * only in its touched rows. Momentum keeps moving every row and weight decay shrinks every row,
 * so with either one every row is updated.
 */
public final class Sgd extends SlottedOptimizer {
    static final String MOMENTUM = "momentum";
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        super("sgd", momentum > 0 ? List.of(MOMENTUM) : List.of());
        if (nesterov && !(momentum > 0)) {
            throw new IllegalArgumentException("Nesterov needs momentum");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    void update(Parameter p, float lr, VectorOps k) {
        float[] w = p.weights();
        float[] g = p.gradient();
        if (momentum == 0 && weightDecay == 0) {
            forTouched(p, (off, n) -> k.sgd(w, g, null, off, n, lr, 0f, false));
            return;
        }
        int size = p.size();
        if (weightDecay != 0) {
            // the L2 term goes into the gradient buffer, which the step consumes
            k.axpy(weightDecay, w, 0, g, 0, size);
        }
        k.sgd(w, g, momentum > 0 ? slot(p, MOMENTUM) : null, 0, size, lr, momentum, nesterov);
        if (weightDecay != 0 && p.sparse()) {
            clearUntouched(p);
        }
    }

    /** A sparse gradient must stay zero outside its touched rows, which are all it clears. */
    private static void clearUntouched(Parameter p) {
        float[] g = p.gradient();
        int cols = p.cols();
        int from = 0;
        for (int r : p.touchedRows()) {
            Arrays.fill(g, from, r * cols, 0f);
            from = (r + 1) * cols;
        }
        Arrays.fill(g, from, g.length, 0f);
    }

    @Override
    void updateBlock(Parameter p, float lr, int off, float[] g, int gOff, int n, VectorOps k) {
        float[] w = p.weights();
        if (weightDecay != 0) {
            k.axpy(weightDecay, w, off, g, gOff, n);
        }
        k.sgdBlock(w, momentum > 0 ? slot(p, MOMENTUM) : null, off, g, gOff, n, lr, momentum, nesterov);
    }
}
