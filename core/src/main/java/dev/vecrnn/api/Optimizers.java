package dev.vecrnn.api;

import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;

import java.util.Map;

/** Creates the optimizer a run's settings name, every option checked. */
final class Optimizers {
    private Optimizers() {
    }

    /** An optimizer, its provider's name and the learning rate the provider uses when none is given. */
    record Created(String name, Optimizer optimizer, double defaultRate) {
        /** The learning rate a run uses: {@code given}, or this optimizer's default when none is. */
        double rate(Double given) {
            return given != null ? given : defaultRate;
        }
    }

    static Created create(Plugins plugins, String name, Map<String, String> options) {
        OptimizerProvider op = plugins.optimizers().get(name);
        Options opts = new Options("optimizer", op.name(), options);
        Optimizer o = op.create(opts);
        opts.requireAllUsed();
        return new Created(op.name(), o, op.defaultLearningRate());
    }
}
