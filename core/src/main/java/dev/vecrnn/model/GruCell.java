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
        /** h_{t-1} W_hh^T of every step, [T*B x 3H], with b_hn added to the n block. */
        private final float[] hp;
        /** The gradient of the loss with respect to hp, [T*B x 3H]. */
        private final float[] dHp;
        private final float[] tmp;
        private float[] gates;
        private float[] out;
        private int steps;

        GruRun(int maxT, int batch) {
            this.b = batch;
            h0 = new float[batch * hidden];
            hp = new float[maxT * batch * 3 * hidden];
            dHp = new float[maxT * batch * 3 * hidden];
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
                Arrays.fill(hp, go, go + b * g3, 0f);
                k.gemmNT(b, g3, h, hPrev, prevOff, h, whh.w(), 0, h, hp, go, g3);
                k.addRowVector(bhn.w(), 0, hp, go + 2 * h, b, h, g3);
                for (int s = 0; s < b; s++) {
                    int gr = go + s * g3;
                    int hr = ho + s * h;
                    int nr = gr + 2 * h;
                    k.axpy(1f, hp, gr, xproj, gr, 2 * h);
                    k.sigmoid(xproj, gr, 2 * h);
                    k.mulAdd(xproj, gr, hp, nr, xproj, nr, h);
                    k.tanh(xproj, nr, h);
                    // h = n + z * (h_{t-1} - n)
                    System.arraycopy(hPrev, prevOff + s * h, tmp, 0, h);
                    k.axpy(-1f, xproj, nr, tmp, 0, h);
                    System.arraycopy(xproj, nr, out, hr, h);
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
                Arrays.fill(dHp, go, go + b * g3, 0f);
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
                    k.mulAdd(dXproj, nr, hp, nr, dXproj, gr, h);   // dr = dn * (h W_hn^T + b_hn)
                    k.mulAdd(dXproj, nr, gates, gr, dHp, nr, h);   // d(h W_hn^T + b_hn) = dn * r
                    k.sigmoidBackward(gates, gr, dXproj, gr, 2 * h);
                    System.arraycopy(dXproj, gr, dHp, gr, 2 * h); // the r and z blocks get the same gradient as a_r, a_z
                }
                if (t > 0) {
                    k.gemmNN(b, h, g3, dHp, go, g3, whh.w(), 0, h, dOut, ho - bh, h);
                }
            }
            int rows = steps * b;
            k.addColumnSums(dHp, 2 * h, rows, h, g3, bhn.g(), 0);
            // dW_hh += sum_t dHp_t^T h_{t-1}, as one product over the chunk (h_{-1} is h0)
            k.gemmTN(g3, h, b, dHp, 0, g3, h0, 0, h, whh.g(), 0, h);
            if (steps > 1) {
                k.gemmTN(g3, h, rows - b, dHp, b * g3, g3, out, 0, h, whh.g(), 0, h);
            }
        }
    }
}
