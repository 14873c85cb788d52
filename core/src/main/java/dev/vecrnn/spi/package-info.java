/**
 * The plugin contract: tokenizers ({@link dev.vecrnn.spi.TokenizerProvider},
 * {@link dev.vecrnn.spi.Tokenizer}) and optimizers ({@link dev.vecrnn.spi.OptimizerProvider},
 * {@link dev.vecrnn.spi.Optimizer}, which update {@link dev.vecrnn.spi.Parameter}s with the
 * vectorized {@link dev.vecrnn.spi.VectorOps}), found by {@link java.util.ServiceLoader} on the
 * class path or in a plugin folder, by name ({@link dev.vecrnn.spi.Registry}), configured by
 * {@code key=value} {@link dev.vecrnn.spi.Options}. A plugin needs nothing of vecrnn but this
 * package (and {@link dev.vecrnn.api.VecrnnException} for a user's mistakes).
 */
package dev.vecrnn.spi;
