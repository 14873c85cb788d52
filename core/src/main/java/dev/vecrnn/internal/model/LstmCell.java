package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

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
        private final RecurrentProduct product;
        private final float[] hPrev;
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
            product = new RecurrentProduct(whh);
            hPrev = new float[maxT * bh];
        }

        @Override
        public void forward(float[] xproj, float[] out, float[] state, int steps, Kernels k) {
            this.gates = xproj;
            this.out = out;
            this.steps = steps;
            final int h = hidden;
            for (int s = 0; s < b; s++) {
                System.arraycopy(state, s * 2 * h, h0, s * h, h);
                System.arraycopy(state, s * 2 * h + h, c0, s * h, h);
            }
            if (b == 1) {
                // one stream: the whole chunk in one kernel call, on the transposed weights
                float[] whhT = product.oneStream(steps, k);
                k.lstmForwardOneStream(steps, h, whhT, 0, h0, 0, c0, 0, xproj, 0, cs, 0, tcs, 0, out, 0);
            } else {
                product.prepare(steps * b, k);
                k.forEachPart(b, (long) steps * 4 * h * h, (s0, s1, kk) -> forward(s0, s1, kk));
            }
            int last = (steps - 1) * b * h;
            for (int s = 0; s < b; s++) {
                System.arraycopy(out, last + s * h, state, s * 2 * h, h);
                System.arraycopy(cs, last + s * h, state, s * 2 * h + h, h);
            }
        }

        /** Streams [s0, s1) through all steps. */
        private void forward(int s0, int s1, Kernels k) {
            final int h = hidden;
            final int g4 = 4 * h;
            final int bh = b * h;
            final int rows = s1 - s0;
            float[] hp = h0;
            float[] cp = c0;
            int prevOff = s0 * h;
            for (int t = 0; t < steps; t++) {
                int go = (t * b + s0) * g4;
                int ho = t * bh + s0 * h;
                product.addTo(rows, hp, prevOff, gates, go, k);
                k.lstmForward(rows, h, gates, go, cp, prevOff, cs, ho, tcs, ho, out, ho);
                hp = out;
                cp = cs;
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
            final int g4 = 4 * h;
            if (b == 1) {
                Arrays.fill(dc, 0f);
                k.lstmBackwardOneStream(steps, h, whh.w(), 0, gates, 0, c0, 0, cs, 0, tcs, 0, dOut, 0, dc, 0, dXproj, 0);
            } else {
                k.forEachPart(b, (long) steps * g4 * h, (s0, s1, kk) -> backward(s0, s1, dOut, dXproj, kk));
            }
            // dW_hh += sum_t dgates_t^T h_{t-1}, as one product over the chunk
            k.gemmTN(g4, h, steps * b, dXproj, 0, g4, previousStates(h0, out, steps, b * h, hPrev), 0, h,
                    whh.g(), 0, h);
        }

        /** Streams [s0, s1) back through all steps; dOut of step t-1 gets step t's share. */
        private void backward(int s0, int s1, float[] dOut, float[] dXproj, Kernels k) {
            final int h = hidden;
            final int g4 = 4 * h;
            final int bh = b * h;
            final int rows = s1 - s0;
            Arrays.fill(dc, s0 * h, s1 * h, 0f);
            for (int t = steps - 1; t >= 0; t--) {
                int go = (t * b + s0) * g4;
                int ho = t * bh + s0 * h;
                float[] cPrev = t == 0 ? c0 : cs;
                int cpo = t == 0 ? s0 * h : ho - bh;
                k.lstmBackward(rows, h, gates, go, cPrev, cpo, tcs, ho, dOut, ho, dc, s0 * h, dXproj, go);
                if (t > 0) {
                    k.gemmNN(rows, h, g4, dXproj, go, g4, whh.w(), 0, h, dOut, ho - bh, h);
                }
            }
        }
    }
}
