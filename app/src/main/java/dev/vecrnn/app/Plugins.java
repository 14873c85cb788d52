package dev.vecrnn.app;

import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.spi.TokenizerProvider;

/** The tokenizer and optimizer registries of this run. */
final class Plugins {
    final Registry<TokenizerProvider> tokenizers;
    final Registry<OptimizerProvider> optimizers;

    private Plugins(Registry<TokenizerProvider> tokenizers, Registry<OptimizerProvider> optimizers) {
        this.tokenizers = tokenizers;
        this.optimizers = optimizers;
    }

    /** The built-in providers. */
    static Plugins builtIn() {
        return new Plugins(Registry.tokenizers(), Registry.optimizers());
    }
}
