package dev.vecrnn.optimizers;

import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.Parameter;

import java.util.List;

/**
 * RMSProp as in char-rnn (torch7 optim.rmsprop) and torch.optim.RMSprop:
 * {@code ms = decay*ms + (1-decay)*g*g; w -= lr * g / (sqrt(ms) + eps)}. The mean square decays
 * even where the gradient is zero, which moves those weights at the next non-zero gradient, so
 * every row is updated every step.
 */
public final class RmsProp extends SlottedOptimizer {
    static final String MEAN_SQUARE = "ms";
    private final float decay;
    private final float eps;

    public RmsProp(double decay, double eps) {
        super("rmsprop", List.of(MEAN_SQUARE));
        this.decay = (float) decay;
        this.eps = (float) eps;
    }

    @Override
    void update(Parameter p, float lr, VectorOps k) {
        k.rmsprop(p.weights(), p.gradient(), slot(p, MEAN_SQUARE), 0, p.size(), lr, decay, eps);
    }

    @Override
    void updateBlock(Parameter p, float lr, int off, float[] g, int gOff, int n, VectorOps k) {
        k.rmspropBlock(p.weights(), slot(p, MEAN_SQUARE), off, g, gOff, n, lr, decay, eps);
    }
}
