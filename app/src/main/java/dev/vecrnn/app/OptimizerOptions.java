package dev.vecrnn.app;

import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.train.Clipping;
import dev.vecrnn.util.UserException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The update rule: optimizer plugin, learning rate and gradient clipping. */
final class OptimizerOptions {

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adagrad",
            description = "Optimizer plugin (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--optimizer-opt", paramLabel = "KEY=VALUE", description = "Option for the optimizer (repeatable).")
    List<String> optimizerOpts = new ArrayList<>();

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's, 0.1 for adagrad).")
    Double lr;

    @Option(names = "--clip", paramLabel = "X",
            description = "Clip every gradient element to [-X, X]; 0 = off (default: 5, the seed's).")
    Double clip;

    @Option(names = "--clip-norm", paramLabel = "X",
            description = "Instead of --clip, scale all gradients so that their global L2 norm is at most X.")
    Double clipNorm;

    /** The optimizer asked for, with its options checked. */
    OptimizerChoice create(Plugins plugins) {
        OptimizerProvider op = plugins.optimizers.get(optimizer);
        Options opts = Options.parse("optimizer", op.name(), optimizerOpts);
        Optimizer opt = op.create(opts);
        opts.requireAllUsed();
        double rate = lr != null ? lr : op.defaultLearningRate();
        return new OptimizerChoice(op, opts, opt, rate);
    }

    Clipping clipping() {
        if (clipNorm != null) {
            if (clip != null) {
                throw new UserException("give either --clip or --clip-norm, not both");
            }
            return Clipping.norm(clipNorm);
        }
        double limit = clip == null ? 5 : clip;
        return limit == 0 ? Clipping.none() : Clipping.value(limit);
    }

    /** A created optimizer, its provider, the options it was given and the learning rate. */
    record OptimizerChoice(OptimizerProvider provider, Options options, Optimizer optimizer, double learningRate) {
    }
}
