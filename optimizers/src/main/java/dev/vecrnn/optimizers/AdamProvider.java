package dev.vecrnn.optimizers;

import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;

/**
 * {@code adam}: Adam with bias correction, torch-rnn's optimizer (learning rate 2e-3);
 * {@code weight_decay} makes it AdamW (decoupled, not the L2 term of torch.optim.Adam).
 */
public final class AdamProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String description() {
        return "Adam with bias correction; weight_decay > 0 makes it AdamW (decoupled) "
                + "(options: beta1=0.9 beta2=0.999 eps=1e-8 weight_decay=0)";
    }

    @Override
    public double defaultLearningRate() {
        return 2e-3;
    }

    @Override
    public Optimizer create(Options o) {
        double b1 = o.getDouble("beta1", 0.9, 0, 1, false, true);
        double b2 = o.getDouble("beta2", 0.999, 0, 1, false, true);
        double eps = o.getDouble("eps", 1e-8, 0, Double.POSITIVE_INFINITY, true, false);
        double wd = o.getDouble("weight_decay", 0, 0, Double.POSITIVE_INFINITY, false, false);
        return new Adam(b1, b2, eps, wd);
    }
}
