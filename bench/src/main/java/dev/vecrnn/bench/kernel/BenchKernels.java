package dev.vecrnn.bench.kernel;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;

import java.util.SplittableRandom;

/** What the benchmarks share: choosing the kernels, data, and the check that a result is right. */
public final class BenchKernels {

    private BenchKernels() {
    }

    /**
     * "scalar" or "vector" (the width from {@code -Dvecrnn.vector.bits}, else the CPU's), on
     * {@code threads} threads through {@link ParallelKernels} when more than one. The vector ones
     * fail in a benchmark's setup (not silently scalar) when the Vector API cannot be had.
     */
    public static Kernels create(String name, int threads) {
        Kernels k;
        switch (name) {
            case "scalar":
                k = new ScalarKernels();
                break;
            case "vector":
                k = KernelsLoader.vector();
                break;
            default:
                throw new IllegalArgumentException("kernels must be scalar or vector, not " + name);
        }
        return ParallelKernels.wrap(k, threads);
    }

    /** Stops the threads of kernels made by {@link #create}. */
    public static void close(Kernels k) {
        if (k instanceof ParallelKernels) {
            ((ParallelKernels) k).close();
        }
    }

    /** Uniform in [-scale, scale). */
    static float[] random(long seed, int n, float scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    /**
     * Throws unless |expected - actual| <= rel * scale + abs everywhere (scale null: |expected|),
     * so that a broken kernel cannot post a fast time.
     */
    static void check(float[] expected, float[] actual, float[] scale, double rel, double abs, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * (scale == null ? Math.abs(expected[i]) : scale[i]) + abs;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new IllegalStateException(what + ": element " + i + " is " + actual[i] + ", the scalar kernels give "
                        + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }

    static void check(double expected, double actual, double tol, String what) {
        if (!(Math.abs(expected - actual) <= tol)) {
            throw new IllegalStateException(what + " is " + actual + ", the scalar kernels give " + expected);
        }
    }

    static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }
}
