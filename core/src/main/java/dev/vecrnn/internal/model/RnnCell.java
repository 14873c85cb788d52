package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

import java.util.List;

/** The seed's vanilla cell: {@code h_t = tanh(x_t W_xh^T + b + h_{t-1} W_hh^T)}. */
public final class RnnCell extends Cell {
    private final Param whh;

    public RnnCell(String prefix, int hidden) {
        super(prefix, hidden);
        this.whh = new Param(prefix + ".recurrent", hidden, hidden, false);
    }

    @Override
    public int gates() {
        return hidden;
    }

    @Override
    public int stateSize() {
        return hidden;
    }

    @Override
    public List<Param> params() {
        return List.of(whh);
    }

    @Override
    public Run open(int maxT, int batch) {
        return new RnnRun(maxT, batch);
    }

    private final class RnnRun extends Run {
        private final int b;
        private final float[] h0;
        private final RecurrentProduct product;
        private final float[] hPrev;
        /** One stream: dXproj transposed, [H x T]; null for several. */
        private final float[] dXprojT;
        private float[] out;
        private int steps;

        RnnRun(int maxT, int batch) {
            this.b = batch;
            this.h0 = new float[batch * hidden];
            this.product = new RecurrentProduct(whh);
            this.hPrev = new float[maxT * batch * hidden];
            this.dXprojT = batch == 1 ? new float[maxT * hidden] : null;
        }

        @Override
        public void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k) {
            this.out = out;
            this.steps = steps;
            final int h = hidden;
            System.arraycopy(state, 0, h0, 0, b * h);
            if (b == 1) {
                // one stream: the whole chunk in one kernel call (see Kernels.rnnForwardOneStream)
                float[] whhT = product.oneStream(steps, k);
                k.rnnForwardOneStream(steps, h, whhT, 0, h0, 0, xproj, 0, out, 0);
                System.arraycopy(out, (steps - 1) * h, state, 0, h);
                return;
            }
            product.prepare(steps * b, k);
            k.forEachPart(b, (long) steps * h * h, (s0, s1, kk) -> forward(s0, s1, xproj, kk));
            System.arraycopy(out, (steps - 1) * b * h, state, 0, b * h);
        }

        /** Streams [s0, s1) through all steps. */
        private void forward(int s0, int s1, float[] xproj, Kernels k) {
            final int h = hidden;
            final int bh = b * h;
            final int n = (s1 - s0) * h;
            float[] prev = h0;
            int prevOff = s0 * h;
            for (int t = 0; t < steps; t++) {
                int off = t * bh + s0 * h;
                System.arraycopy(xproj, off, out, off, n);
                product.addTo(s1 - s0, prev, prevOff, out, off, k);
                k.tanh(out, off, n);
                prev = out;
                prevOff = off;
            }
        }

        @Override
        public void copiesStale() {
            product.markStale();
        }

        @Override
        public void backward(float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            if (b == 1) {
                k.rnnBackwardOneStream(steps, h, whh.w(), 0, out, 0, dOut, 0, dXproj, 0);
                // dW_hh += dXproj^T h_{t-1}: the one-stream product on dXproj transposed
                k.transpose(steps, h, dXproj, 0, h, dXprojT, 0, steps);
                k.rowsTimesMatrix(h, h, steps, dXprojT, 0, previousStates(h0, out, steps, h, hPrev), 0, whh.g(), 0);
                return;
            }
            k.forEachPart(b, (long) steps * h * h, (s0, s1, kk) -> backward(s0, s1, dOut, dXproj, kk));
            // dW_hh += sum_t draw_t^T h_{t-1}
            k.gemmTN(h, h, steps * b, dXproj, 0, h, previousStates(h0, out, steps, b * h, hPrev), 0, h,
                    whh.g(), 0, h);
        }

        /** Streams [s0, s1) back through all steps; dOut of step t-1 gets step t's share. */
        private void backward(int s0, int s1, float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int bh = b * h;
            final int n = (s1 - s0) * h;
            for (int t = steps - 1; t >= 0; t--) {
                int off = t * bh + s0 * h;
                System.arraycopy(dOut, off, dXproj, off, n);
                k.tanhBackward(out, off, dXproj, off, n);
                if (t > 0) {
                    k.gemmNN(s1 - s0, h, h, dXproj, off, h, whh.w(), 0, h, dOut, off - bh, h);
                }
            }
        }
    }
}
