package dev.vecrnn.spi;

/**
 * An optimizer plugin, found by {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/dev.vecrnn.spi.OptimizerProvider} file.
 */
public interface OptimizerProvider extends Provider {

    /** The learning rate used when the user gives none. */
    double defaultLearningRate();

    /**
     * Creates an optimizer. Read every option through the typed getters of {@code options}
     * (validating ranges); the caller reports options left unread as unknown.
     */
    Optimizer create(Options options);
}
