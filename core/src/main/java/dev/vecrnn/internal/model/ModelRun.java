package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.util.Rng;

import java.util.Arrays;

/**
 * The buffers for one chunk shape and the passes over a chunk: forward with loss, backward
 * (BPTT), and single steps for sampling. Not thread-safe; open one per use.
 *
 * <p>Only the recurrence inside each {@link Cell} runs step by step. The input lookups, the
 * projections between layers and the whole output layer are one matrix product per chunk.
 *
 * <p>Dropout (inverted: kept units are scaled by 1/(1-p)) applies to the output of every layer
 * but the last, i.e. to the input of layers 1 and up, and only in a forward given a generator.
 */
public final class ModelRun {
    private final LanguageModel model;
    private final int maxSteps;
    private final int batch;
    private final int hidden;
    private final Cell.Run[] runs;
    private final float[][] xproj;
    private final float[][] out;
    private final OutputLayer.Run output;
    private final float[] dHidden;
    private final float[] dXproj;
    private final float dropout;
    /** Per layer below the top: the dropout mask (0 or 1/(1-p)) and the masked output. */
    private final float[][] mask;
    private final float[][] dropped;
    private final float[] dDropped;
    /** With word vectors: the chunk's vectors (rows x E) and their gradient; null without. */
    private final float[] embedded;
    private final float[] dEmbedded;
    private final int[] oneToken = new int[1];
    private boolean dropping;
    private int[] inputs;
    private int steps;

    ModelRun(LanguageModel model, int maxSteps, int batch) {
        this.model = model;
        this.maxSteps = maxSteps;
        this.batch = batch;
        this.hidden = model.spec().hidden();
        int layers = model.layers();
        int rows = maxSteps * batch;
        runs = new Cell.Run[layers];
        xproj = new float[layers][];
        out = new float[layers][];
        int maxGates = 0;
        for (int l = 0; l < layers; l++) {
            Cell c = model.cell(l);
            runs[l] = c.open(maxSteps, batch);
            xproj[l] = new float[rows * c.gates()];
            out[l] = new float[rows * hidden];
            maxGates = Math.max(maxGates, c.gates());
        }
        output = model.output().open(maxSteps, batch);
        dHidden = new float[rows * hidden];
        dXproj = new float[rows * maxGates];
        dropout = model.spec().dropout();
        boolean any = dropout > 0f && layers > 1;
        mask = new float[layers - 1][];
        dropped = new float[layers - 1][];
        for (int l = 0; any && l < layers - 1; l++) {
            mask[l] = new float[rows * hidden];
            dropped[l] = new float[rows * hidden];
        }
        dDropped = any ? new float[rows * hidden] : null;
        int e = model.spec().embedding();
        embedded = e > 0 ? new float[rows * e] : null;
        dEmbedded = e > 0 ? new float[rows * e] : null;
    }

    public int batch() {
        return batch;
    }

    /** {@link #forward(int[], int[], int, float[][], Rng, Kernels)} without dropout: for evaluation. */
    public double forward(int[] inputs, int[] targets, int steps, float[][] state, Kernels k) {
        return forward(inputs, targets, steps, state, null, k);
    }

    /**
     * Runs the chunk forward and returns its loss: the sum over all T*B positions of
     * -log p(target). {@code inputs} and {@code targets} are step-major ({@code t*B + b});
     * {@code state} is carried in and out. With a {@code dropoutRng} (training) the dropout masks
     * are drawn from it, in a fixed order; with null there is no dropout.
     */
    public double forward(int[] inputs, int[] targets, int steps, float[][] state, Rng dropoutRng, Kernels k) {
        if (steps < 1 || steps > maxSteps) {
            throw new IllegalArgumentException("steps " + steps + " outside [1, " + maxSteps + "]");
        }
        this.inputs = inputs;
        this.steps = steps;
        // a chunk follows an optimizer step, or is the first: its forward copies the weights anew
        weightsChanged();
        hiddenForward(inputs, steps, state, dropoutRng, k);
        return output.forward(out[out.length - 1], targets, steps * batch, k);
    }

    private void hiddenForward(int[] inputs, int steps, float[][] state, Rng dropoutRng, Kernels k) {
        int rows = steps * batch;
        dropping = dropoutRng != null && dDropped != null;
        for (int l = 0; l < runs.length; l++) {
            int g = model.cell(l).gates();
            float[] xp = xproj[l];
            if (l == 0 && embedded == null) {
                k.gatherRows(model.input(0).w(), g, inputs, 0, rows, xp, 0);
            } else if (l == 0) {
                int e = model.spec().embedding();
                k.gatherRows(model.embedding().w(), e, inputs, 0, rows, embedded, 0);
                Arrays.fill(xp, 0, rows * g, 0f);
                k.gemmNT(rows, g, e, embedded, 0, e, model.input(0).w(), 0, e, xp, 0, g);
            } else {
                float[] below = dropping ? drop(l - 1, rows * hidden, dropoutRng, k) : out[l - 1];
                Arrays.fill(xp, 0, rows * g, 0f);
                k.gemmNT(rows, g, hidden, below, 0, hidden, model.input(l).w(), 0, hidden, xp, 0, g);
            }
            k.addRowVector(model.bias(l).w(), 0, xp, 0, rows, g, g);
            runs[l].forward(xp, out[l], state[l], steps, k);
        }
    }

    /** Draws a fresh mask for the output of layer l and returns that output masked. */
    private float[] drop(int l, int n, Rng rng, Kernels k) {
        float[] m = mask[l];
        float keep = 1f / (1f - dropout);
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextDouble() < dropout ? 0f : keep;
        }
        float[] d = dropped[l];
        Arrays.fill(d, 0, n, 0f);
        k.mulAdd(out[l], 0, m, 0, d, 0, n);
        return d;
    }

    /**
     * Backward over the chunk of the last {@link #forward}: adds every parameter's gradient of
     * {@code gradScale} times the loss (1 for the seed's summed loss).
     */
    public void backward(float gradScale, Kernels k) {
        backward(gradScale, k, null);
    }

    /**
     * {@link #backward(float, Kernels)}, except that with an {@code outputRows} sink the output
     * weights' gradient is not added to their {@link Param}: it goes to the sink a block of rows
     * at a time, after the old weights were used for the hidden states' gradient, so that the
     * sink may update them as it goes (see {@link FusedOutputBackward}). Every other gradient,
     * the output bias's included, is added as usual, and all of them are the plain backward's
     * bit for bit.
     */
    public void backward(float gradScale, Kernels k, OutputRowSink outputRows) {
        int rows = steps * batch;
        if (outputRows != null && model.blockOutputWeight() == null) {
            throw new IllegalStateException("this model's output weights cannot be handed over block by block");
        }
        output.backward(gradScale, dHidden, k, outputRows);

        for (int l = runs.length - 1; l >= 0; l--) {
            int g = model.cell(l).gates();
            runs[l].backward(dHidden, dXproj, k);
            k.addColumnSums(dXproj, 0, rows, g, g, model.bias(l).g(), 0);
            Param in = model.input(l);
            if (l == 0 && embedded == null) {
                k.scatterAddRows(dXproj, 0, g, inputs, 0, rows, in.g());
                touch(in, rows);
            } else if (l == 0) {
                int e = model.spec().embedding();
                k.gemmTN(g, e, rows, dXproj, 0, g, embedded, 0, e, in.g(), 0, e);
                Arrays.fill(dEmbedded, 0, rows * e, 0f);
                k.gemmNN(rows, e, g, dXproj, 0, g, in.w(), 0, e, dEmbedded, 0, e);
                Param table = model.embedding();
                k.scatterAddRows(dEmbedded, 0, e, inputs, 0, rows, table.g());
                touch(table, rows);
            } else {
                int n = rows * hidden;
                float[] below = dropping ? dropped[l - 1] : out[l - 1];
                k.gemmTN(g, hidden, rows, dXproj, 0, g, below, 0, hidden, in.g(), 0, hidden);
                float[] dBelow = dropping ? dDropped : dHidden;
                Arrays.fill(dBelow, 0, n, 0f);
                k.gemmNN(rows, hidden, g, dXproj, 0, g, in.w(), 0, hidden, dBelow, 0, hidden);
                if (dropping) {
                    Arrays.fill(dHidden, 0, n, 0f);
                    k.mulAdd(dDropped, 0, mask[l - 1], 0, dHidden, 0, n);
                }
            }
        }
    }

    /** Records the rows of a sparse table that this chunk's inputs read (a dense one needs no record). */
    private void touch(Param table, int rows) {
        if (table.sparse()) {
            for (int r = 0; r < rows; r++) {
                table.touch(inputs[r]);
            }
        }
    }

    /**
     * The weights may have changed: the next {@link #stepLogits} copies them anew (the one-stream
     * path's transposed copies) instead of reusing the copies of the last step. Every chunk
     * {@link #forward} does this itself.
     */
    public void weightsChanged() {
        for (Cell.Run r : runs) {
            r.copiesStale();
        }
        output.copiesStale();
    }

    /**
     * One step for one stream (batch 1): feeds {@code token}, advances {@code state} and returns
     * V scores whose softmax is the distribution of the next token: the logits of the full
     * softmax, the log-probabilities of the adaptive one (a view into this run's buffer, valid
     * until the next call). Steps reuse the weights' copies of the step before unless
     * {@link #weightsChanged()} was called since.
     */
    public float[] stepLogits(int token, float[][] state, Kernels k) {
        if (batch != 1) {
            throw new IllegalStateException("stepLogits needs a run of batch 1");
        }
        oneToken[0] = token;
        hiddenForward(oneToken, 1, state, null, k);
        return output.scores(out[out.length - 1], k);
    }
}
