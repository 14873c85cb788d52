package dev.vecrnn.internal.kernel;

import dev.vecrnn.api.KernelChoice;
import dev.vecrnn.api.VecrnnException;

import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * Chooses the kernels for this JVM: the Vector API implementation when the incubator module
 * is present, the scalar one otherwise. {@code -Dvecrnn.kernels=scalar|vector} forces a choice;
 * {@code -Dvecrnn.vector.bits=128|256|512} overrides the vector width.
 *
 * <p>The vector class is loaded by name so that this class links without the module.
 */
public final class KernelsLoader {

    public static final String PROPERTY = "vecrnn.kernels";
    public static final String BITS_PROPERTY = "vecrnn.vector.bits";
    static final String VECTOR_CLASS = "dev.vecrnn.internal.kernel.vector.VectorKernels";
    static final String MODULE = "jdk.incubator.vector";
    /** What the user is told when the module is missing. */
    public static final String HOW_TO_ENABLE =
            "vecrnn: the Vector API is not enabled, using scalar kernels (several times slower); "
                    + "run java with --add-modules " + MODULE + " to enable it";

    private static final Kernels SCALAR = new ScalarKernels();
    private static volatile Kernels defaultKernels;

    private KernelsLoader() {
    }

    /** The kernels chosen by the system properties, created once per JVM. */
    public static Kernels get() {
        Kernels k = defaultKernels;
        if (k == null) {
            synchronized (KernelsLoader.class) {
                k = defaultKernels;
                if (k == null) {
                    k = choose(System.getProperty(PROPERTY, "auto"));
                    defaultKernels = k;
                }
            }
        }
        return k;
    }

    /** The kernels {@code choice} asks for ({@link KernelChoice#AUTO}: those of {@link #get()}). */
    public static Kernels get(KernelChoice choice) {
        switch (choice) {
            case SCALAR:
                return SCALAR;
            case VECTOR:
                return choose("vector");
            default:
                return get();
        }
    }

    /** True when {@code jdk.incubator.vector} is in the boot layer. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    static Kernels choose(String choice) {
        switch (choice.trim().toLowerCase(Locale.ROOT)) {
            case "scalar":
                return new ScalarKernels();
            case "vector":
                if (!vectorAvailable()) {
                    throw new VecrnnException("the vector kernels need the Vector API: "
                            + "run java with --add-modules " + MODULE);
                }
                return vector();
            case "auto":
            case "":
                if (!vectorAvailable()) {
                    System.err.println(HOW_TO_ENABLE);
                    return new ScalarKernels();
                }
                try {
                    return vector();
                } catch (VecrnnException e) {
                    throw e;
                } catch (RuntimeException e) {
                    System.err.println("vecrnn: " + e.getMessage() + "; using scalar kernels");
                    return new ScalarKernels();
                }
            default:
                throw new VecrnnException("unknown -D" + PROPERTY + "=" + choice
                        + "; use scalar or vector");
        }
    }

    /** Creates the Vector API kernels; the module must be present. */
    public static Kernels vector() {
        String bits = System.getProperty(BITS_PROPERTY, "");
        try {
            Class<?> cls = Class.forName(VECTOR_CLASS);
            if (bits.isBlank()) {
                return (Kernels) cls.getConstructor().newInstance();
            }
            Constructor<?> c = cls.getConstructor(int.class);
            return (Kernels) c.newInstance(Integer.parseInt(bits.trim()));
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalArgumentException) {
                throw new VecrnnException("-D" + BITS_PROPERTY + "=" + bits + ": " + cause.getMessage());
            }
            throw new IllegalStateException("cannot create the Vector API kernels: " + cause, cause);
        } catch (NumberFormatException e) {
            throw new VecrnnException("-D" + BITS_PROPERTY + " must be 128, 256 or 512, not " + bits);
        }
    }
}
