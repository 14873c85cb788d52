package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;

import dev.vecrnn.internal.util.Rng;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parameters of a stacked recurrent language model.
 *
 * <p>Layer 0 takes one-hot tokens. Without word vectors its input weights are stored as one row
 * per token ({@code V x G}) and the input projection is a row lookup. With word vectors
 * ({@link ModelSpec#embedding()} E &gt; 0) a token is a row of the {@code V x E} embedding and
 * layer 0 reads it through a dense {@code G x E} matrix. Deeper layers take the layer below
 * through a dense {@code G x H} matrix. Every layer has a bias of width G and a {@link Cell}. The
 * output layer ({@link OutputLayer}) maps the top hidden state to the next token's distribution:
 * V logits ({@code V x H} weights and a bias) and a softmax, or the adaptive softmax. With tied
 * weights it shares the word vectors (E = H): the whole table as the full softmax's weights, its
 * first rows as the adaptive softmax's shortlist.
 */
public final class LanguageModel {
    /** LSTM and GRU token tables start uniform in [-TABLE_BOUND, TABLE_BOUND]. */
    static final double TABLE_BOUND = 4.0;

    private final ModelSpec spec;
    /** The V x E word vectors, or null without. */
    private final Param embedding;
    private final Cell[] cells;
    private final Param[] input;
    private final Param[] bias;
    private final OutputLayer output;
    private final List<Param> params;

    public LanguageModel(ModelSpec spec) {
        this.spec = spec;
        int layers = spec.layers();
        int h = spec.hidden();
        CellType type = spec.cell();
        cells = new Cell[layers];
        input = new Param[layers];
        bias = new Param[layers];
        List<Param> all = new ArrayList<>();
        int e = spec.embedding();
        // tied to the full softmax every row gets gradient in every step: a dense table
        boolean dense = spec.tieWeights() && !spec.adaptive();
        embedding = e > 0 ? new Param("embedding", spec.vocab(), e, !dense) : null;
        if (embedding != null) {
            all.add(embedding);
        }
        for (int l = 0; l < layers; l++) {
            String prefix = "layer" + l;
            cells[l] = Cells.create(type, prefix, h);
            int g = cells[l].gates();
            input[l] = l > 0 ? new Param(prefix + ".input", g, h, false)
                    : e > 0 ? new Param(prefix + ".input", g, e, false)
                    : new Param(prefix + ".input", spec.vocab(), g, true);
            bias[l] = new Param(prefix + ".bias", 1, g, false);
            all.add(input[l]);
            all.addAll(cells[l].params());
            all.add(bias[l]);
        }
        output = OutputLayer.create(spec, embedding);
        all.addAll(output.params());
        params = Collections.unmodifiableList(all);
    }

    /** {@link #initialize(Rng, float)} with an LSTM's default forget-gate bias. */
    public void initialize(Rng rng) {
        initialize(rng, LstmCell.DEFAULT_FORGET_BIAS);
    }

    /**
     * Draws the weights, in parameter order, from {@code rng}. A vanilla rnn keeps the seed's
     * initialisation: every weight N(0, 1) * 0.01. LSTM and GRU dense weights are uniform in
     * [-1/sqrt(H), 1/sqrt(H)] as in PyTorch, and the token table uniform in
     * [-{@value #TABLE_BOUND}, {@value #TABLE_BOUND}]: Adam moves a table entry by about lr per
     * step while a dense layer's outputs move by about lr * |h|_1, so the table starts with large,
     * distinct rows instead of growing them (see docs/MODELS.md for the measurements). Biases
     * start at zero, except an LSTM's forget gate, which starts at {@code forgetBias}.
     *
     * <p>The word-level parameters start as PyTorch starts them, whatever the cell: word vectors
     * N(0, 1) ({@code nn.Embedding}); the adaptive softmax's matrices uniform in
     * [-1/sqrt(fan-in), 1/sqrt(fan-in)] ({@code nn.Linear}). Tied word vectors are output weights
     * too and start as those do, uniform in [-1/sqrt(H), 1/sqrt(H)]: N(0, 1) rows would give
     * logits of about sqrt(H)/2 and a first loss far above log V. With word vectors, layer 0's
     * input matrix is a dense matrix like the deeper ones (its fan-in is E).
     */
    public void initialize(Rng rng, float forgetBias) {
        boolean seed = spec.cell() == CellType.RNN;
        List<Param> adaptive = spec.adaptive() ? output.params() : List.of();
        for (Param p : params) {
            float[] w = p.w();
            if (p.name().endsWith(".bias")) {
                java.util.Arrays.fill(w, 0f);
            } else if (p == embedding && !spec.tieWeights()) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) rng.nextGaussian();
                }
            } else if (seed && p != embedding && !adaptive.contains(p)) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (rng.nextGaussian() * 0.01);
                }
            } else {
                double bound = p == input[0] && p.sparse() ? TABLE_BOUND : 1.0 / Math.sqrt(p.cols());
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
            }
        }
        for (int l = 0; l < cells.length; l++) {
            cells[l].initBias(bias[l].w(), forgetBias);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** All parameters in a fixed order. */
    public List<Param> params() {
        return params;
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params) {
            n += p.size();
        }
        return n;
    }

    /** The parameter called {@code name}, or null. */
    public Param param(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public void zeroGrad() {
        for (Param p : params) {
            p.zeroGrad();
        }
    }

    int layers() {
        return cells.length;
    }

    Cell cell(int l) {
        return cells[l];
    }

    /** The V x E word vectors, or null when layer 0 reads a table of input weights. */
    public Param embedding() {
        return embedding;
    }

    Param input(int l) {
        return input[l];
    }

    Param bias(int l) {
        return bias[l];
    }

    /** The full softmax's V x H weights (the word vectors when tied); null for the adaptive softmax. */
    public Param outWeight() {
        return output instanceof FullSoftmax f ? f.weight() : null;
    }

    /**
     * The output weights that a backward can hand over block by block (see
     * {@link ModelRun#backward(float, dev.vecrnn.internal.kernel.Kernels, OutputRowSink)}), or
     * null: only the full softmax's own weights can be, not the adaptive softmax's nor tied ones.
     */
    public Param blockOutputWeight() {
        return output.blockWeight();
    }

    OutputLayer output() {
        return output;
    }

    /**
     * Floats the output layer's buffers for {@code rows} rows can come to hold (for the adaptive
     * softmax: with every target in its largest cluster), for memory estimates.
     */
    public static long outputBufferFloats(ModelSpec spec, long rows) {
        return spec.adaptive() ? AdaptiveSoftmax.bufferFloats(spec, rows) : FullSoftmax.bufferFloats(spec, rows);
    }

    /** Floats of carried state per stream for layer l. */
    public int stateSize(int l) {
        return cells[l].stateSize();
    }

    /** A zero state for {@code batch} streams: one array per layer, [batch x stateSize]. */
    public float[][] newState(int batch) {
        float[][] s = new float[cells.length][];
        for (int l = 0; l < cells.length; l++) {
            s[l] = new float[batch * cells[l].stateSize()];
        }
        return s;
    }

    /** Buffers for chunks of up to {@code maxSteps} steps of {@code batch} streams. */
    public ModelRun open(int maxSteps, int batch) {
        return new ModelRun(this, maxSteps, batch);
    }
}
