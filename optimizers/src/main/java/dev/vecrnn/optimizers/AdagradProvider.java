package dev.vecrnn.optimizers;

import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;

/** {@code adagrad}: the seed's (min-char-rnn's) update rule and learning rate 0.1. */
public final class AdagradProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public String description() {
        return "Adagrad, the seed's rule: mem += g^2; w -= lr*g/sqrt(mem+eps) (options: eps=1e-8)";
    }

    @Override
    public double defaultLearningRate() {
        return 0.1;
    }

    @Override
    public Optimizer create(Options options) {
        return new Adagrad(options.getDouble("eps", 1e-8, 0, Double.POSITIVE_INFINITY, true, false));
    }
}
