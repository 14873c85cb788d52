package dev.vecrnn.optimizers;

import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;

/** {@code rmsprop}: char-rnn's optimizer, with its decay rate 0.95 and learning rate 2e-3. */
public final class RmsPropProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "RMSProp as char-rnn: ms = decay*ms + (1-decay)*g^2; w -= lr*g/(sqrt(ms)+eps) "
                + "(options: decay=0.95 eps=1e-8)";
    }

    @Override
    public double defaultLearningRate() {
        return 2e-3;
    }

    @Override
    public Optimizer create(Options o) {
        double decay = o.getDouble("decay", 0.95, 0, 1, false, true);
        double eps = o.getDouble("eps", 1e-8, 0, Double.POSITIVE_INFINITY, true, false);
        return new RmsProp(decay, eps);
    }
}
