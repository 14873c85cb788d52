package dev.vecrnn.spi;

/** What every plugin provider has: a name to be found by and a one-line description. */
public interface Provider {
    /** The name users type, e.g. {@code char} or {@code adam}; matched case-insensitively. */
    String name();

    /** One line for {@code vecrnn plugins}. */
    String description();
}
