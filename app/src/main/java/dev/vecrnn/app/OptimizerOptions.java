package dev.vecrnn.app;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The update rule: optimizer plugin, learning rate and its decay, gradient clipping. */
final class OptimizerOptions {

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adagrad",
            description = "Optimizer plugin (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--optimizer-opt", paramLabel = "KEY=VALUE", description = "Option for the optimizer (repeatable).")
    List<String> optimizerOpts = new ArrayList<>();

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (default: the optimizer's: adagrad 0.1, rmsprop 2e-3, adam 2e-3, sgd 0.01).")
    Double lr;

    @Option(names = "--lr-decay", paramLabel = "F",
            description = "Multiply the learning rate by F (0 < F <= 1) every --lr-decay-every; char-rnn uses 0.97.")
    Double lrDecay;

    @Option(names = "--lr-decay-every", paramLabel = "N|Nep",
            description = "Decay every N iterations, or every N epochs (passes over the training text) written Nep (default: 1ep).")
    String lrDecayEvery;

    @Option(names = "--lr-decay-after", paramLabel = "N|Nep",
            description = "Decay only from N iterations or Nep epochs on; char-rnn uses 10ep (default: 0).")
    String lrDecayAfter;

    @Option(names = "--clip", paramLabel = "X",
            description = "Clip every gradient element to [-X, X]; 0 = off (default: 5, the seed's).")
    Double clip;

    @Option(names = "--clip-norm", paramLabel = "X",
            description = "Instead of --clip, scale all gradients so that their global L2 norm is at most X.")
    Double clipNorm;
}
