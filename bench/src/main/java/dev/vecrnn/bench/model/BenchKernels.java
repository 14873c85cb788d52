package dev.vecrnn.bench.model;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;

/** The kernels a benchmark asks for by name, on {@code threads} threads. */
final class BenchKernels {
    private BenchKernels() {
    }

    static Kernels of(String name, int threads) {
        Kernels base;
        switch (name) {
            case "scalar":
                base = new ScalarKernels();
                break;
            case "vector":
                // fails in @Setup (not silently scalar) when the Vector API cannot be had
                base = KernelsLoader.vector();
                break;
            default:
                throw new IllegalArgumentException("kernels must be scalar or vector, not " + name);
        }
        return ParallelKernels.wrap(base, threads);
    }

    static void close(Kernels k) {
        if (k instanceof ParallelKernels) {
            ((ParallelKernels) k).close();
        }
    }
}
