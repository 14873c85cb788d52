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
 * output layer maps the top hidden state to V logits ({@code V x H} weights and a bias).
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
    private final Param outWeight;
    private final Param outBias;
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
        embedding = e > 0 ? new Param("embedding", spec.vocab(), e, true) : null;
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
        outWeight = new Param("output.weight", spec.vocab(), h, false);
        outBias = new Param("output.bias", 1, spec.vocab(), false);
        all.add(outWeight);
        all.add(outBias);
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
     * <p>Word vectors start N(0, 1) whatever the cell, as PyTorch's {@code nn.Embedding}; layer 0's
     * input matrix is then a dense matrix like the deeper ones (its fan-in is E).
     */
    public void initialize(Rng rng, float forgetBias) {
        boolean seed = spec.cell() == CellType.RNN;
        for (Param p : params) {
            float[] w = p.w();
            if (p.name().endsWith(".bias")) {
                java.util.Arrays.fill(w, 0f);
            } else if (p == embedding) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) rng.nextGaussian();
                }
            } else if (seed) {
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

    /** The output layer's V x H weights. */
    public Param outWeight() {
        return outWeight;
    }

    Param outBias() {
        return outBias;
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
