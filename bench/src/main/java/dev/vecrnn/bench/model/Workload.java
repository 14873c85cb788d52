package dev.vecrnn.bench.model;

import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.train.Clipping;

/**
 * The workloads of the performance report. The vocabulary sizes are those of the real corpora
 * (tinyshakespeare has 65 distinct characters; jieba cuts hongloumeng.gbk.txt into 45,491
 * distinct words, 45,558 with the GBK-decoded text the app reads); the benchmarks feed a
 * synthetic stream over a vocabulary of that size, most frequent ids first, as the adaptive
 * softmax's vocabulary is ordered.
 */
public enum Workload {
    /** The seed on characters: rnn, hidden 100, 25 steps, batch 1, Adagrad 0.1. */
    W1("rnn", 65, 100, 1, 25, 1, "adagrad", 0.1, Clipping.value(5), 0, null),
    /** The seed on jieba words: rnn, hidden 200, 25 steps, batch 1, Adagrad 0.1. */
    W2("rnn", 45_491, 200, 1, 25, 1, "adagrad", 0.1, Clipping.value(5), 0, null),
    /** char-rnn: LSTM 2 x 128, 50 steps, batch 50, Adam 2e-3. */
    W3("lstm", 65, 128, 2, 50, 50, "adam", 2e-3, Clipping.value(5), 0, null),
    /**
     * Issue 12's word model with the full softmax: LSTM 2 x 256, word vectors of 256, 35 steps,
     * batch 32, Adam 2e-3, gradients clipped to a global norm of 5.
     */
    W4("lstm", 45_558, 256, 2, 35, 32, "adam", 2e-3, Clipping.norm(5), 256, null),
    /** W4 with the adaptive softmax, cutoffs 2000,10000 and divValue 4 (PyTorch's anchor, torch_word.py). */
    W4A("lstm", 45_558, 256, 2, 35, 32, "adam", 2e-3, Clipping.norm(5), 256, new int[] {2000, 10000});

    public final String cell;
    public final int vocab;
    public final int hidden;
    public final int layers;
    public final int steps;
    public final int batch;
    public final String optimizer;
    public final double lr;
    /** Element-wise at 5 (the seed's), or a global norm of 5 for the word models (PyTorch's anchor). */
    public final Clipping clipping;
    /** Word vectors' width, 0 for none. */
    public final int embedding;
    /** The adaptive softmax's cutoffs, or null for the full softmax. */
    private final int[] cutoffs;

    Workload(String cell, int vocab, int hidden, int layers, int steps, int batch, String optimizer, double lr,
             Clipping clipping, int embedding, int[] cutoffs) {
        this.cell = cell;
        this.vocab = vocab;
        this.hidden = hidden;
        this.layers = layers;
        this.steps = steps;
        this.batch = batch;
        this.optimizer = optimizer;
        this.lr = lr;
        this.clipping = clipping;
        this.embedding = embedding;
        this.cutoffs = cutoffs;
    }

    /**
     * The workloads bench/report.sh knows how to run end to end (app arguments, peers, targets);
     * W4 and W4A are in the JMH suite ({@code -p workload=W4,W4A}) until the report learns them.
     */
    public static final java.util.Set<Workload> REPORTED = java.util.EnumSet.of(W1, W2, W3);

    /** Tokens one iteration trains on. */
    public int tokensPerIteration() {
        return steps * batch;
    }

    /** The model of this workload. */
    public ModelSpec spec() {
        ModelSpec s = new ModelSpec(cell, vocab, hidden, layers, 0f).withEmbedding(embedding);
        return cutoffs == null ? s : s.withAdaptiveSoftmax(cutoffs, ModelSpec.DEFAULT_DIV_VALUE);
    }
}
