package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

import java.util.List;

/**
 * The recurrent part of one layer: from the input projection of every step (already including
 * the input weights and bias) to the hidden output of every step. The input projection is done
 * by the layer for the whole chunk at once; only what is here is step by step.
 *
 * <p>Buffers are laid out step-major: row {@code t*B + b} is step t of stream b.
 */
public abstract class Cell {
    protected final String prefix;
    protected final int hidden;

    protected Cell(String prefix, int hidden) {
        this.prefix = prefix;
        this.hidden = hidden;
    }

    public int hidden() {
        return hidden;
    }

    /** Width G of the input projection: H for a vanilla cell, 3H for GRU, 4H for LSTM. */
    public abstract int gates();

    /** Floats of carried state per stream: H, or 2H for LSTM (h then c). */
    public abstract int stateSize();

    /** The recurrent parameters, in a fixed order. */
    public abstract List<Param> params();

    /**
     * Sets a freshly zeroed input bias of this layer; an LSTM puts {@code forgetBias} into its
     * forget gate, the other cells leave the bias zero.
     */
    public void initBias(float[] bias, float forgetBias) {
    }

    /** Buffers for chunks of up to {@code maxT} steps of {@code batch} streams. */
    public abstract Run open(int maxT, int batch);

    /** Step-rows from which a chunk's forward multiplies by a transposed copy of the recurrent weights. */
    static final int TRANSPOSE_ROWS = 16;

    /**
     * The recurrent weights W_hh [G x H] as one chunk's forward multiplies by them. For a chunk
     * of {@link #TRANSPOSE_ROWS} step-rows (steps x streams) or more they are copied transposed
     * first: a plain C += A*B then has full vectors along the gate columns, which pays for the
     * copy. A single step (sampling, step-by-step evaluation) uses the weights as they are.
     */
    static final class RecurrentProduct {
        private final Param whh;
        private final float[] whhT;
        private boolean transposed;
        /** Whether {@link #oneStream} must copy the weights again before a single step. */
        private boolean stale = true;

        RecurrentProduct(Param whh) {
            this.whh = whh;
            this.whhT = new float[whh.rows() * whh.cols()];
        }

        /** Before a chunk of {@code rows} step-rows, on one thread. */
        void prepare(int rows, Kernels k) {
            transposed = rows >= TRANSPOSE_ROWS;
            if (transposed) {
                k.transpose(whh.rows(), whh.cols(), whh.w(), 0, whh.cols(), whhT, 0, whh.rows());
            }
        }

        /**
         * W_hh^T [H x G] for the one-stream kernels, which take it for every chunk, a single step
         * included (keeping a step's bits those of a chunk's): copied from the current weights for
         * a chunk of several steps or after {@link #markStale}, else the copy the step before used.
         */
        float[] oneStream(int steps, Kernels k) {
            if (stale || steps > 1) {
                k.transpose(whh.rows(), whh.cols(), whh.w(), 0, whh.cols(), whhT, 0, whh.rows());
                transposed = true;
                stale = false;
            }
            return whhT;
        }

        /** The weights may have changed: the next {@link #oneStream} copies them anew. */
        void markStale() {
            stale = true;
        }

        /** c[co + r*G ..] += h[ho + r*H ..] W_hh^T for {@code rows} rows. */
        void addTo(int rows, float[] h, int ho, float[] c, int co, Kernels k) {
            int g = whh.rows();
            int hid = whh.cols();
            if (transposed) {
                k.gemmNN(rows, g, hid, h, ho, hid, whhT, 0, g, c, co, g);
            } else {
                k.gemmNT(rows, g, hid, h, ho, hid, whh.w(), 0, hid, c, co, g);
            }
        }
    }

    /**
     * h_{t-1} for every row of a chunk, [T*B x H]: the state before the chunk, then the outputs
     * of all but the last step, so that the recurrent weights' gradient is one product.
     */
    static float[] previousStates(float[] h0, float[] out, int steps, int bh, float[] into) {
        System.arraycopy(h0, 0, into, 0, bh);
        System.arraycopy(out, 0, into, bh, (steps - 1) * bh);
        return into;
    }

    /** One chunk's worth of buffers and the forward/backward passes over them. */
    public abstract static class Run {
        /**
         * Forward over T steps: {@code xproj} [T*B x G] (may be overwritten) gives {@code out}
         * [T*B x H]. {@code state} [B x stateSize] holds the state before the chunk and is set to
         * the state after it. The run keeps references to {@code out} and what it needs for backward.
         */
        public abstract void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k);

        /**
         * Backward over the chunk of the last forward: {@code dOut} [T*B x H] (may be overwritten)
         * gives {@code dXproj} [T*B x G] and adds the recurrent parameters' gradients.
         */
        public abstract void backward(float[] dOut, float[] dXproj, Kernels k);

        /**
         * The weights may have changed since the last forward: the next one must not reuse copies
         * of them (the one-stream path's transposed weights). Until this is called again, forwards
         * of a single step may reuse the copies the previous forward made.
         */
        public void copiesStale() {
        }
    }
}
