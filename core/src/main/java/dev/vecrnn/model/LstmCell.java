package dev.vecrnn.model;

import dev.vecrnn.kernel.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * Long short-term memory. The gate block of a step is laid out {@code [i | f | o | g]} per row,
 * so the three sigmoid gates are one contiguous run of 3H and the tanh candidate the last H:
 * <pre>
 *   [i f o g] = x W_x^T + b + h_{t-1} W_hh^T          (x W_x^T + b is the layer's input projection)
 *   i, f, o   = sigmoid(.),  g = tanh(.)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 * The carried state of a stream is {@code [h | c]} (2H floats).
 */
public final class LstmCell extends Cell {
    /**
     * Forget-gate bias when none is given: 0, as in PyTorch. The often recommended 1 learned
     * more slowly in our 2 x 128 tinyshakespeare runs (docs/MODELS.md).
     */
    public static final float DEFAULT_FORGET_BIAS = 0f;

    private final Param whh;

    public LstmCell(String prefix, int hidden) {
        super(prefix, hidden);
        this.whh = new Param(prefix + ".recurrent", 4 * hidden, hidden, false);
    }

    @Override
    public int gates() {
        return 4 * hidden;
    }

    @Override
    public int stateSize() {
        return 2 * hidden;
    }

    @Override
    public List<Param> params() {
        return List.of(whh);
    }

    @Override
    public void initBias(float[] bias, float forgetBias) {
        Arrays.fill(bias, hidden, 2 * hidden, forgetBias);
    }

    @Override
    public Run open(int maxT, int batch) {
        return new LstmRun(maxT, batch);
    }

    private final class LstmRun extends Run {
        private final int b;
        private final float[] h0;
        private final float[] c0;
        /** c_t of every step, [T*B x H]. */
        private final float[] cs;
        /** tanh(c_t) of every step, [T*B x H]. */
        private final float[] tcs;
        /** dLoss/dc carried backwards through the steps, [B x H]. */
        private final float[] dc;
        private final float[] tmp;
        private float[] gates;
        private float[] out;
        private int steps;

        LstmRun(int maxT, int batch) {
            this.b = batch;
            int bh = batch * hidden;
            h0 = new float[bh];
            c0 = new float[bh];
            cs = new float[maxT * bh];
            tcs = new float[maxT * bh];
            dc = new float[bh];
            tmp = new float[hidden];
        }

        @Override
        public void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k) {
            this.gates = xproj;
            this.out = out;
            this.steps = steps;
            final int h = hidden;
            final int g4 = 4 * h;
            final int bh = b * h;
            for (int s = 0; s < b; s++) {
                System.arraycopy(state, s * 2 * h, h0, s * h, h);
                System.arraycopy(state, s * 2 * h + h, c0, s * h, h);
            }
            float[] hPrev = h0;
            float[] cPrev = c0;
            int prevOff = 0;
            for (int t = 0; t < steps; t++) {
                int go = t * b * g4;
                int ho = t * bh;
                k.gemmNT(b, g4, h, hPrev, prevOff, h, whh.w(), 0, h, xproj, go, g4);
                Arrays.fill(cs, ho, ho + bh, 0f);
                Arrays.fill(out, ho, ho + bh, 0f);
                for (int s = 0; s < b; s++) {
                    int gr = go + s * g4;
                    int hr = ho + s * h;
                    k.sigmoid(xproj, gr, 3 * h);
                    k.tanh(xproj, gr + 3 * h, h);
                    k.mulAdd(xproj, gr + h, cPrev, prevOff + s * h, cs, hr, h);
                    k.mulAdd(xproj, gr, xproj, gr + 3 * h, cs, hr, h);
                }
                System.arraycopy(cs, ho, tcs, ho, bh);
                k.tanh(tcs, ho, bh);
                for (int s = 0; s < b; s++) {
                    int hr = ho + s * h;
                    k.mulAdd(xproj, go + s * g4 + 2 * h, tcs, hr, out, hr, h);
                }
                hPrev = out;
                cPrev = cs;
                prevOff = ho;
            }
            int last = (steps - 1) * bh;
            for (int s = 0; s < b; s++) {
                System.arraycopy(out, last + s * h, state, s * 2 * h, h);
                System.arraycopy(cs, last + s * h, state, s * 2 * h + h, h);
            }
        }

        @Override
        public void backward(float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int g4 = 4 * h;
            final int bh = b * h;
            Arrays.fill(dc, 0f);
            for (int t = steps - 1; t >= 0; t--) {
                int go = t * b * g4;
                int ho = t * bh;
                float[] cPrev = t == 0 ? c0 : cs;
                int cpo = t == 0 ? 0 : ho - bh;
                Arrays.fill(dXproj, go, go + b * g4, 0f);
                for (int s = 0; s < b; s++) {
                    int gr = go + s * g4;
                    int hr = ho + s * h;
                    int dr = s * h;
                    // dOut row is dh_t: the loss's and the next step's share
                    k.mulAdd(dOut, hr, tcs, hr, dXproj, gr + 2 * h, h);          // do = dh * tanh(c)
                    Arrays.fill(tmp, 0f);
                    k.mulAdd(dOut, hr, gates, gr + 2 * h, tmp, 0, h);             // dh * o
                    k.tanhBackward(tcs, hr, tmp, 0, h);                           // ... * (1 - tanh(c)^2)
                    k.axpy(1f, tmp, 0, dc, dr, h);                                // dc_t
                    k.mulAdd(dc, dr, gates, gr + 3 * h, dXproj, gr, h);           // di = dc * g
                    k.mulAdd(dc, dr, cPrev, cpo + dr, dXproj, gr + h, h);         // df = dc * c_{t-1}
                    k.mulAdd(dc, dr, gates, gr, dXproj, gr + 3 * h, h);           // dg = dc * i
                    Arrays.fill(tmp, 0f);
                    k.mulAdd(dc, dr, gates, gr + h, tmp, 0, h);                   // dc_{t-1} = dc * f
                    System.arraycopy(tmp, 0, dc, dr, h);
                    k.sigmoidBackward(gates, gr, dXproj, gr, 3 * h);
                    k.tanhBackward(gates, gr + 3 * h, dXproj, gr + 3 * h, h);
                }
                if (t > 0) {
                    k.gemmNN(b, h, g4, dXproj, go, g4, whh.w(), 0, h, dOut, ho - bh, h);
                }
            }
            // dW_hh += sum_t dgates_t^T h_{t-1}, as one product over the chunk (h_{-1} is h0)
            k.gemmTN(g4, h, b, dXproj, 0, g4, h0, 0, h, whh.g(), 0, h);
            if (steps > 1) {
                k.gemmTN(g4, h, (steps - 1) * b, dXproj, b * g4, g4, out, 0, h, whh.g(), 0, h);
            }
        }
    }
}
