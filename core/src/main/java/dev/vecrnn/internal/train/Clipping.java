package dev.vecrnn.internal.train;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.api.VecrnnException;

import java.util.List;

/**
 * Gradient clipping before the update: every element to [-limit, limit] (the seed, limit 5),
 * the global L2 norm of all gradients to at most a maximum, or none.
 */
public final class Clipping {
    public enum Mode { NONE, VALUE, NORM }

    private final Mode mode;
    private final float limit;

    private Clipping(Mode mode, float limit) {
        this.mode = mode;
        this.limit = limit;
    }

    public static Clipping none() {
        return new Clipping(Mode.NONE, 0f);
    }

    /** Element-wise clipping to [-limit, limit]. */
    public static Clipping value(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw VecrnnException.about("{clip} must be a positive number, not " + limit + " (use {clip} 0 for no clipping)", "clip");
        }
        return new Clipping(Mode.VALUE, (float) limit);
    }

    /** Global-norm clipping: all gradients scaled so that their joint L2 norm is at most {@code maxNorm}. */
    public static Clipping norm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw VecrnnException.about("{clipNorm} must be a positive number, not " + maxNorm, "clipNorm");
        }
        return new Clipping(Mode.NORM, (float) maxNorm);
    }

    /**
     * Whether each gradient element is clipped on its own (value or none), so that a block of a
     * gradient can be clipped by {@link #applyToBlock} before the rest exists. Global-norm
     * clipping needs every gradient first.
     */
    public boolean elementwise() {
        return mode != Mode.NORM;
    }

    /** Clips g[off, off + n), a block of one gradient; only for {@link #elementwise()} clipping. */
    public void applyToBlock(float[] g, int off, int n, Kernels k) {
        switch (mode) {
            case VALUE:
                k.clip(g, off, n, limit);
                return;
            case NONE:
                return;
            default:
                throw new IllegalStateException("clipping " + this + " needs the whole gradient");
        }
    }

    /** Clips the gradients in place; returns the global gradient norm before clipping (NaN for VALUE/NONE). */
    public double apply(List<Param> params, Kernels k) {
        switch (mode) {
            case VALUE:
                for (Param p : params) {
                    forEachBlock(p, (off, n) -> k.clip(p.g(), off, n, limit));
                }
                return Double.NaN;
            case NORM: {
                double[] sum = {0};
                for (Param p : params) {
                    forEachBlock(p, (off, n) -> sum[0] += k.sumSquares(p.g(), off, n));
                }
                double norm = Math.sqrt(sum[0]);
                if (norm > limit) {
                    float s = (float) (limit / norm);
                    for (Param p : params) {
                        forEachBlock(p, (off, n) -> k.scale(s, p.g(), off, n));
                    }
                }
                return norm;
            }
            default:
                return Double.NaN;
        }
    }

    interface Block {
        void run(int off, int n);
    }

    /** Calls {@code b} on the whole gradient, or on each touched row of a sparse parameter. */
    static void forEachBlock(Param p, Block b) {
        int[] rows = p.touchedRows();
        if (rows == null) {
            b.run(0, p.size());
            return;
        }
        for (int r : rows) {
            b.run(r * p.cols(), p.cols());
        }
    }

    @Override
    public String toString() {
        switch (mode) {
            case VALUE:
                return "value " + limit;
            case NORM:
                return "norm " + limit;
            default:
                return "none";
        }
    }
}
