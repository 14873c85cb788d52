package dev.vecrnn.model;

import dev.vecrnn.kernel.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * Gated recurrent unit in the cuDNN / PyTorch form, where the reset gate scales the recurrent
 * product (with its own bias) rather than the state before the product. Gate rows are
 * {@code [r | z | n]}:
 * <pre>
 *   [a_r a_z a_n] = x W_x^T + b                       (the layer's input projection)
 *   r = sigmoid(a_r + h_{t-1} W_hr^T)
 *   z = sigmoid(a_z + h_{t-1} W_hz^T)
 *   n = tanh(a_n + r * (h_{t-1} W_hn^T + b_hn))
 *   h_t = (1 - z) * n + z * h_{t-1}
 * </pre>
 * This form needs one recurrent product per step (all three gates from h_{t-1}) instead of two
 * in sequence, and matches {@code torch.nn.GRU} parameter for parameter.
 */
public final class GruCell extends Cell {
    private final Param whh;
    private final Param bhn;

    public GruCell(String prefix, int hidden) {
        super(prefix, hidden);
        this.whh = new Param(prefix + ".recurrent", 3 * hidden, hidden, false);
        this.bhn = new Param(prefix + ".recurrent.bias", 1, hidden, false);
    }

    @Override
    public int gates() {
        return 3 * hidden;
    }

    @Override
    public int stateSize() {
        return hidden;
    }

    @Override
    public List<Param> params() {
        return List.of(whh, bhn);
    }

    @Override
    public Run open(int maxT, int batch) {
        return new GruRun(maxT, batch);
    }

    private final class GruRun extends Run {
        private final int b;
        private final float[] h0;
        /** h_{t-1} W_hn^T + b_hn of every step, [T*B x H]. */
        private final float[] hn;
        /** The gradient of the loss with respect to hn, [T*B x H]. */
        private final float[] dHn;
        private final float[] tmp;
        private float[] gates;
        private float[] out;
        private int steps;

        GruRun(int maxT, int batch) {
            this.b = batch;
            h0 = new float[batch * hidden];
            hn = new float[maxT * batch * hidden];
            dHn = new float[maxT * batch * hidden];
            tmp = new float[hidden];
        }

        @Override
        public void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k) {
            this.gates = xproj;
            this.out = out;
            this.steps = steps;
            final int h = hidden;
            final int g3 = 3 * h;
            final int bh = b * h;
            System.arraycopy(state, 0, h0, 0, bh);
            float[] hPrev = h0;
            int prevOff = 0;
            for (int t = 0; t < steps; t++) {
                int go = t * b * g3;
                int ho = t * bh;
                k.gemmNT(b, 2 * h, h, hPrev, prevOff, h, whh.w(), 0, h, xproj, go, g3);
                Arrays.fill(hn, ho, ho + bh, 0f);
                k.gemmNT(b, h, h, hPrev, prevOff, h, whh.w(), 2 * h * h, h, hn, ho, h);
                k.addRowVector(bhn.w(), 0, hn, ho, b, h, h);
                for (int s = 0; s < b; s++) {
                    int gr = go + s * g3;
                    int hr = ho + s * h;
                    int pr = prevOff + s * h;
                    k.sigmoid(xproj, gr, 2 * h);
                    k.mulAdd(xproj, gr, hn, hr, xproj, gr + 2 * h, h);
                    k.tanh(xproj, gr + 2 * h, h);
                    // h = n + z * (h_{t-1} - n)
                    System.arraycopy(hPrev, pr, tmp, 0, h);
                    k.axpy(-1f, xproj, gr + 2 * h, tmp, 0, h);
                    System.arraycopy(xproj, gr + 2 * h, out, hr, h);
                    k.mulAdd(xproj, gr + h, tmp, 0, out, hr, h);
                }
                hPrev = out;
                prevOff = ho;
            }
            System.arraycopy(out, (steps - 1) * bh, state, 0, bh);
        }

        @Override
        public void backward(float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int g3 = 3 * h;
            final int bh = b * h;
            for (int t = steps - 1; t >= 0; t--) {
                int go = t * b * g3;
                int ho = t * bh;
                float[] hPrev = t == 0 ? h0 : out;
                int prevOff = t == 0 ? 0 : ho - bh;
                Arrays.fill(dXproj, go, go + b * g3, 0f);
                Arrays.fill(dHn, ho, ho + bh, 0f);
                for (int s = 0; s < b; s++) {
                    int gr = go + s * g3;
                    int hr = ho + s * h;
                    int nr = gr + 2 * h;
                    // dz = dh * (h_{t-1} - n)
                    System.arraycopy(hPrev, prevOff + s * h, tmp, 0, h);
                    k.axpy(-1f, gates, nr, tmp, 0, h);
                    k.mulAdd(dOut, hr, tmp, 0, dXproj, gr + h, h);
                    // dh_{t-1} gets dh * z directly; dn = dh - dh * z
                    Arrays.fill(tmp, 0f);
                    k.mulAdd(dOut, hr, gates, gr + h, tmp, 0, h);
                    if (t > 0) {
                        k.axpy(1f, tmp, 0, dOut, hr - bh, h);
                    }
                    System.arraycopy(dOut, hr, dXproj, nr, h);
                    k.axpy(-1f, tmp, 0, dXproj, nr, h);
                    k.tanhBackward(gates, nr, dXproj, nr, h);
                    k.mulAdd(dXproj, nr, hn, hr, dXproj, gr, h);   // dr = dn * hn
                    k.mulAdd(dXproj, nr, gates, gr, dHn, hr, h);   // dhn = dn * r
                    k.sigmoidBackward(gates, gr, dXproj, gr, 2 * h);
                }
                if (t > 0) {
                    k.gemmNN(b, h, 2 * h, dXproj, go, g3, whh.w(), 0, h, dOut, ho - bh, h);
                    k.gemmNN(b, h, h, dHn, ho, h, whh.w(), 2 * h * h, h, dOut, ho - bh, h);
                }
            }
            int rows = steps * b;
            k.addColumnSums(dHn, 0, rows, h, h, bhn.g(), 0);
            // dW_hh over the chunk: r and z rows from the gate gradients, n rows from dhn
            float[] g = whh.g();
            k.gemmTN(2 * h, h, b, dXproj, 0, g3, h0, 0, h, g, 0, h);
            k.gemmTN(h, h, b, dHn, 0, h, h0, 0, h, g, 2 * h * h, h);
            if (steps > 1) {
                int rest = rows - b;
                k.gemmTN(2 * h, h, rest, dXproj, b * g3, g3, out, 0, h, g, 0, h);
                k.gemmTN(h, h, rest, dHn, bh, h, out, 0, h, g, 2 * h * h, h);
            }
        }
    }
}
