package dev.vecrnn.api;

/**
 * Which numeric kernels to run on. The Vector API ones need the JVM started with
 * {@code --add-modules jdk.incubator.vector}; the scalar ones run anywhere, several times slower.
 */
public enum KernelChoice {
    /**
     * The Vector API kernels when the module is present, the scalar ones otherwise (with a
     * one-line hint on stderr); {@code -Dvecrnn.kernels=scalar|vector} overrides this.
     */
    AUTO,
    /** The plain Java loops: the reference every vector kernel is tested against. */
    SCALAR,
    /** The Vector API kernels; a {@link VecrnnException} when the JVM lacks the module. */
    VECTOR
}
