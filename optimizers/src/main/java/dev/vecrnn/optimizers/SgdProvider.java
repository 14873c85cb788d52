package dev.vecrnn.optimizers;

import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.api.VecrnnException;

/** {@code sgd}: plain SGD, or with momentum, Nesterov momentum and L2 weight decay. */
public final class SgdProvider implements OptimizerProvider {
    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "SGD as torch.optim.SGD: w -= lr*(g + wd*w), with momentum v = mu*v + g "
                + "(options: momentum=0 nesterov=false weight_decay=0)";
    }

    @Override
    public double defaultLearningRate() {
        return 0.01;
    }

    @Override
    public Optimizer create(Options o) {
        double momentum = o.getDouble("momentum", 0, 0, 1, false, true);
        boolean nesterov = o.getBoolean("nesterov", false);
        double wd = o.getDouble("weight_decay", 0, 0, Double.POSITIVE_INFINITY, false, false);
        if (nesterov && momentum == 0) {
            throw new VecrnnException("optimizer 'sgd' option nesterov=true needs momentum above 0, e.g. momentum=0.9");
        }
        return new Sgd(momentum, nesterov, wd);
    }
}
