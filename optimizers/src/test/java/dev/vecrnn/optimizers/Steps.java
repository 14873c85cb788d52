package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: optimizers created as the command line does, and the kernels to run them on. */
final class Steps {
    private Steps() {
    }

    static final Registry<OptimizerProvider> REGISTRY = Registry.optimizers();

    /** The optimizer {@code name} with {@code options} ("k=v k=v"), through the registry. */
    static Optimizer create(String name, String options) {
        OptimizerProvider p = REGISTRY.get(name);
        Options o = Options.parse("optimizer", p.name(), options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+")));
        Optimizer opt = p.create(o);
        o.requireAllUsed();
        return opt;
    }

    /** The reference kernels, and the ones this JVM would use (the same until the vector ones exist). */
    static Stream<Kernels> kernels() {
        Kernels loaded = KernelsLoader.get();
        return loaded instanceof ScalarKernels ? Stream.of(loaded) : Stream.of(new ScalarKernels(), loaded);
    }

    /** Every optimizer configuration worth telling apart: each rule, with and without its options. */
    static Stream<String[]> configurations() {
        return Stream.of(
                new String[] {"sgd", ""},
                new String[] {"sgd", "momentum=0.9"},
                new String[] {"sgd", "momentum=0.9 nesterov=true"},
                new String[] {"sgd", "weight_decay=0.01"},
                new String[] {"adagrad", ""},
                new String[] {"rmsprop", ""},
                new String[] {"adam", ""},
                new String[] {"adam", "weight_decay=0.1"});
    }

    /** True for the rules where a zero gradient changes nothing, so untouched rows may be skipped. */
    static boolean skippingIsExact(String name, String options) {
        return name.equals("adagrad") || (name.equals("sgd") && options.isBlank());
    }

    /** Fills {@code p.g()} with a reproducible gradient in the given rows (all rows if null), touching them. */
    static void gradient(Param p, int[] rows, long seed) {
        Arrays.fill(p.g(), 0f);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int cols = p.cols();
        if (rows == null) {
            for (int i = 0; i < p.size(); i++) {
                p.g()[i] = (float) (r.nextDouble() * 2 - 1);
            }
            return;
        }
        for (int row : rows) {
            if (p.sparse()) {
                p.touch(row);
            }
            for (int c = 0; c < cols; c++) {
                p.g()[row * cols + c] = (float) (r.nextDouble() * 2 - 1);
            }
        }
    }

    static void randomize(float[] w, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.1);
        }
    }
}
