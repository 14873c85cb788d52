package dev.vecrnn.spi;

/**
 * A tokenizer plugin, found by {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/dev.vecrnn.spi.TokenizerProvider} file.
 */
public interface TokenizerProvider extends Provider {

    /**
     * Creates a tokenizer. Read every option through the typed getters of {@code options}; the
     * caller reports options left unread as unknown.
     */
    Tokenizer create(Options options);
}
