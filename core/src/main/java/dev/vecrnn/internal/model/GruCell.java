package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

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
        private final RecurrentProduct product;
        private final float[] hPrev;
        private float[] gates;
        private float[] out;
        private int steps;

        GruRun(int maxT, int batch) {
            this.b = batch;
            h0 = new float[batch * hidden];
            hp = new float[maxT * batch * 3 * hidden];
            dHp = new float[maxT * batch * 3 * hidden];
            product = new RecurrentProduct(whh);
            hPrev = new float[maxT * batch * hidden];
        }

        @Override
        public void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k) {
            this.gates = xproj;
            this.out = out;
            this.steps = steps;
            final int h = hidden;
            final int bh = b * h;
            System.arraycopy(state, 0, h0, 0, bh);
            if (b == 1) {
                // one stream: the whole chunk in one kernel call, on the transposed weights
                float[] whhT = product.oneStream(steps, k);
                k.gruForwardOneStream(steps, h, whhT, 0, bhn.w(), 0, h0, 0, xproj, 0, hp, 0, out, 0);
            } else {
                product.prepare(steps * b, k);
                k.forEachPart(b, (long) steps * 3 * h * h, (s0, s1, kk) -> forward(s0, s1, kk));
            }
            System.arraycopy(out, (steps - 1) * bh, state, 0, bh);
        }

        /** Streams [s0, s1) through all steps. */
        private void forward(int s0, int s1, Kernels k) {
            final int h = hidden;
            final int g3 = 3 * h;
            final int bh = b * h;
            final int rows = s1 - s0;
            float[] bias = bhn.w();
            float[] prev = h0;
            int prevOff = s0 * h;
            for (int t = 0; t < steps; t++) {
                int go = (t * b + s0) * g3;
                int ho = t * bh + s0 * h;
                for (int r = 0; r < rows; r++) {
                    int row = go + r * g3;
                    Arrays.fill(hp, row, row + 2 * h, 0f);
                    System.arraycopy(bias, 0, hp, row + 2 * h, h);
                }
                product.addTo(rows, prev, prevOff, hp, go, k);
                k.gruForward(rows, h, gates, go, hp, go, prev, prevOff, out, ho);
                prev = out;
                prevOff = ho;
            }
        }

        @Override
        public void copiesStale() {
            product.markStale();
        }

        @Override
        public void backward(float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int g3 = 3 * h;
            if (b == 1) {
                k.gruBackwardOneStream(steps, h, whh.w(), 0, gates, 0, hp, 0, h0, 0, out, 0, dOut, 0, dXproj, 0, dHp, 0);
            } else {
                k.forEachPart(b, (long) steps * g3 * h, (s0, s1, kk) -> backward(s0, s1, dOut, dXproj, kk));
            }
            int rows = steps * b;
            k.addColumnSums(dHp, 2 * h, rows, h, g3, bhn.g(), 0);
            // dW_hh += sum_t dHp_t^T h_{t-1}, as one product over the chunk
            k.gemmTN(g3, h, rows, dHp, 0, g3, previousStates(h0, out, steps, b * h, hPrev), 0, h, whh.g(), 0, h);
        }

        /** Streams [s0, s1) back through all steps; dOut of step t-1 gets step t's share. */
        private void backward(int s0, int s1, float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int g3 = 3 * h;
            final int bh = b * h;
            final int rows = s1 - s0;
            for (int t = steps - 1; t >= 0; t--) {
                int go = (t * b + s0) * g3;
                int ho = t * bh + s0 * h;
                float[] prev = t == 0 ? h0 : out;
                int prevOff = t == 0 ? s0 * h : ho - bh;
                k.gruBackward(rows, h, gates, go, hp, go, prev, prevOff, dOut, ho, dXproj, go, dHp, go,
                        t > 0 ? dOut : null, ho - bh);
                if (t > 0) {
                    k.gemmNN(rows, h, g3, dHp, go, g3, whh.w(), 0, h, dOut, ho - bh, h);
                }
            }
        }
    }
}
