package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

import java.util.List;

/**
 * The layer from the top hidden states to the distribution of the next token: the
 * {@link FullSoftmax} or the {@link AdaptiveSoftmax}. Both give the exact log-probability of
 * every token, so losses and perplexities of the two are comparable.
 */
abstract class OutputLayer {

    /** The output layer of {@code spec}; {@code embedding} (may be null) is the table a tied layer shares. */
    static OutputLayer create(ModelSpec spec, Param embedding) {
        Param tied = spec.tieWeights() ? embedding : null;
        return spec.adaptive() ? new AdaptiveSoftmax(spec, tied) : new FullSoftmax(spec, tied);
    }

    /** Its own parameters in a fixed order; a shared (tied) table is the model's, not listed here. */
    abstract List<Param> params();

    /**
     * The V x H weights that {@link ModelRun#backward(float, Kernels, OutputRowSink)} can hand
     * over block by block, or null when this layer's backward cannot do that (the adaptive
     * softmax; a table shared with the input, whose gradient is complete only after the input's).
     */
    abstract Param blockWeight();

    /** Buffers for up to {@code maxRows} rows. */
    abstract Run open(int maxRows);

    /**
     * Buffers for chunks of up to {@code maxSteps} steps of {@code batch} streams: a layer may
     * take a path of its own for one stream (the full softmax does, for small vocabularies).
     */
    Run open(int maxSteps, int batch) {
        return open(Math.multiplyExact(maxSteps, batch));
    }

    /** The buffers and passes of one chunk shape; not thread-safe. */
    abstract static class Run {
        /**
         * The loss of {@code rows} rows of top hidden states {@code top} (rows x H): the sum of
         * -log p(targets[r]). Keeps what backward needs, {@code top} included, by reference.
         */
        abstract double forward(float[] top, int[] targets, int rows, Kernels k);

        /**
         * Backward of the last forward for {@code gradScale} times its loss: sets {@code dTop}
         * (rows x H), adds the parameters' gradients. With a {@code sink} (only when
         * {@link #blockWeight()} is not null) that weight's gradient goes to the sink instead.
         */
        abstract void backward(float gradScale, float[] dTop, Kernels k, OutputRowSink sink);

        /**
         * For one row of top hidden state {@code top[0, H)}: V scores whose softmax is the
         * model's distribution of the next token (logits, or log-probabilities); a view into this
         * run's buffer, valid until the next call.
         */
        abstract float[] scores(float[] top, Kernels k);

        /** As {@link Cell.Run#copiesStale()}: the weights may have changed since the last forward. */
        void copiesStale() {
        }
    }
}
