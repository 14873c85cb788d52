package dev.vecrnn.model;

import dev.vecrnn.kernel.Kernels;

import java.util.Arrays;
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
        return new RnnRun(batch);
    }

    private final class RnnRun extends Run {
        private final int b;
        private final float[] h0;
        private final float[] dNext;
        private float[] out;
        private int steps;

        RnnRun(int batch) {
            this.b = batch;
            this.h0 = new float[batch * hidden];
            this.dNext = new float[batch * hidden];
        }

        @Override
        public void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k) {
            this.out = out;
            this.steps = steps;
            final int h = hidden;
            final int rows = b * h;
            System.arraycopy(state, 0, h0, 0, rows);
            float[] prev = h0;
            int prevOff = 0;
            for (int t = 0; t < steps; t++) {
                int off = t * rows;
                System.arraycopy(xproj, off, out, off, rows);
                k.gemmNT(b, h, h, prev, prevOff, h, whh.w(), 0, h, out, off, h);
                k.tanh(out, off, rows);
                prev = out;
                prevOff = off;
            }
            System.arraycopy(out, (steps - 1) * rows, state, 0, rows);
        }

        @Override
        public void backward(float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int rows = b * h;
            Arrays.fill(dNext, 0f);
            for (int t = steps - 1; t >= 0; t--) {
                int off = t * rows;
                System.arraycopy(dOut, off, dXproj, off, rows);
                k.axpy(1f, dNext, 0, dXproj, off, rows);
                k.tanhBackward(out, off, dXproj, off, rows);
                if (t > 0) {
                    Arrays.fill(dNext, 0f);
                    k.gemmNN(b, h, h, dXproj, off, h, whh.w(), 0, h, dNext, 0, h);
                }
            }
            // dW_hh += sum_t draw_t^T h_{t-1}: h_{-1} is h0, the rest are out shifted by one step
            k.gemmTN(h, h, b, dXproj, 0, h, h0, 0, h, whh.g(), 0, h);
            if (steps > 1) {
                k.gemmTN(h, h, (steps - 1) * b, dXproj, rows, h, out, 0, h, whh.g(), 0, h);
            }
        }
    }
}
