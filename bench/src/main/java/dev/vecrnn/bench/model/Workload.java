package dev.vecrnn.bench.model;

import dev.vecrnn.internal.model.ModelSpec;

/**
 * The three workloads of the performance report. The vocabulary sizes are those of the real
 * corpora (tinyshakespeare has 65 distinct characters; jieba cuts hongloumeng.gbk.txt into
 * 45,491 distinct words); the benchmarks feed a synthetic stream over a vocabulary of that size.
 */
public enum Workload {
    /** The seed on characters: rnn, hidden 100, 25 steps, batch 1, Adagrad 0.1. */
    W1("rnn", 65, 100, 1, 25, 1, "adagrad", 0.1),
    /** The seed on jieba words: rnn, hidden 200, 25 steps, batch 1, Adagrad 0.1. */
    W2("rnn", 45_491, 200, 1, 25, 1, "adagrad", 0.1),
    /** char-rnn: LSTM 2 x 128, 50 steps, batch 50, Adam 2e-3. */
    W3("lstm", 65, 128, 2, 50, 50, "adam", 2e-3);

    public final String cell;
    public final int vocab;
    public final int hidden;
    public final int layers;
    public final int steps;
    public final int batch;
    public final String optimizer;
    public final double lr;

    Workload(String cell, int vocab, int hidden, int layers, int steps, int batch, String optimizer, double lr) {
        this.cell = cell;
        this.vocab = vocab;
        this.hidden = hidden;
        this.layers = layers;
        this.steps = steps;
        this.batch = batch;
        this.optimizer = optimizer;
        this.lr = lr;
    }

    /** Tokens one iteration trains on. */
    public int tokensPerIteration() {
        return steps * batch;
    }

    /** The model of this workload. */
    public ModelSpec spec() {
        return new ModelSpec(cell, vocab, hidden, layers, 0f);
    }
}
