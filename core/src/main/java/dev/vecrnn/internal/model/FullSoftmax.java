package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * One logit per token, {@code y = h W^T + b} with W of V x H, and a softmax over all of them.
 * W is its own {@code output.weight}, or the word vectors when the weights are tied (E = H).
 */
final class FullSoftmax extends OutputLayer {
    private final int vocab;
    private final int hidden;
    private final Param weight;
    private final Param bias;
    private final boolean tied;

    FullSoftmax(ModelSpec spec, Param tiedTable) {
        vocab = spec.vocab();
        hidden = spec.hidden();
        tied = tiedTable != null;
        weight = tied ? tiedTable : new Param("output.weight", vocab, hidden, false);
        bias = new Param("output.bias", 1, vocab, false);
    }

    @Override
    List<Param> params() {
        return tied ? List.of(bias) : List.of(weight, bias);
    }

    /** The V x H weights (the word vectors when tied). */
    Param weight() {
        return weight;
    }

    @Override
    Param blockWeight() {
        return tied ? null : weight;
    }

    /** Floats of a run's buffers for {@code rows} rows: logits and row losses, and the fused backward's block. */
    static long bufferFloats(ModelSpec spec, long rows) {
        return rows * (spec.vocab() + 1L) + (long) FusedOutputBackward.BLOCK_ROWS * spec.hidden();
    }

    @Override
    Run open(int maxRows) {
        return new Run(maxRows, false);
    }

    /**
     * One stream with a small vocabulary (the seed's characters) takes the one-stream products
     * ({@link Kernels#rowsTimesMatrix}) on a transposed copy of W instead of the batched GEMMs,
     * whose packing and blocking do not pay at a few dozen rows.
     */
    @Override
    Run open(int maxSteps, int batch) {
        int rows = Math.multiplyExact(maxSteps, batch);
        return new Run(rows, batch == 1 && (long) vocab * hidden <= ONE_STREAM_WEIGHTS);
    }

    /** Output weights (floats) up to which one stream takes the one-stream products: they stay in L2. */
    static final long ONE_STREAM_WEIGHTS = 1L << 16;

    private final class Run extends OutputLayer.Run {
        private final float[] logits;
        /** -log p(target) of each row of the last forward. */
        private final float[] rowLoss;
        /** W^T [H x V] for the one-stream products, or null when this run takes the batched ones. */
        private final float[] weightT;
        /** dY^T [V x rows] for the one-stream weight gradient, or null. */
        private final float[] dLogitsT;
        private FusedOutputBackward fused;
        /** Whether weightT must be copied again before a single row's scores. */
        private boolean stale = true;
        private float[] top;
        private int[] targets;
        private int rows;

        Run(int maxRows, boolean oneStream) {
            logits = new float[Math.multiplyExact(maxRows, vocab)];
            rowLoss = new float[maxRows];
            weightT = oneStream ? new float[vocab * hidden] : null;
            dLogitsT = oneStream ? new float[logits.length] : null;
        }

        /** logits of {@code rows} rows of top = bias + top W^T. */
        private void logits(float[] top, int rows, Kernels k) {
            if (weightT != null) {
                if (stale || rows > 1) {
                    k.transpose(vocab, hidden, weight.w(), 0, hidden, weightT, 0, vocab);
                    stale = false;
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(bias.w(), 0, logits, r * vocab, vocab);
                }
                k.rowsTimesMatrix(rows, vocab, hidden, top, 0, weightT, 0, logits, 0);
                return;
            }
            Arrays.fill(logits, 0, rows * vocab, 0f);
            k.gemmNT(rows, vocab, hidden, top, 0, hidden, weight.w(), 0, hidden, logits, 0, vocab);
            k.addRowVector(bias.w(), 0, logits, 0, rows, vocab, vocab);
        }

        @Override
        double forward(float[] top, int[] targets, int rows, Kernels k) {
            this.top = top;
            this.targets = targets;
            this.rows = rows;
            logits(top, rows, k);
            if (weightT != null) {
                softmaxRows(0, rows, k);
                return sumRowLoss(rows);
            }
            // rows are independent: forEachPart may split them, each row computed as on one thread;
            // an exp costs about four multiply-adds
            k.forEachPart(rows, 4L * vocab, this::softmaxRows);
            return sumRowLoss(rows);
        }

        private double sumRowLoss(int rows) {
            double loss = 0;
            for (int r = 0; r < rows; r++) {
                loss += rowLoss[r];
            }
            return loss;
        }

        /** Replaces rows [from, to) of logits by their softmax and puts each -log p(target) in rowLoss. */
        private void softmaxRows(int from, int to, Kernels k) {
            for (int r = from; r < to; r++) {
                int off = r * vocab;
                float target = logits[off + targets[r]];
                float logNorm = k.softmax(logits, off, vocab);
                rowLoss[r] = logNorm - target;
            }
        }

        @Override
        void backward(float gradScale, float[] dTop, Kernels k, OutputRowSink sink) {
            // dLogits = (p - onehot(target)) * scale, in place over the probabilities
            for (int r = 0; r < rows; r++) {
                logits[r * vocab + targets[r]] -= 1f;
            }
            if (gradScale != 1f) {
                k.scale(gradScale, logits, 0, rows * vocab);
            }
            if (sink != null) {
                if (blockWeight() == null) {
                    throw new IllegalStateException("tied output weights cannot be handed over block by block");
                }
                if (fused == null) {
                    fused = new FusedOutputBackward(vocab, hidden);
                }
                fused.run(logits, top, rows, weight, bias, dTop, dLogitsT, k, sink);
                return;
            }
            FusedOutputBackward.weightGradient(logits, top, rows, vocab, hidden, 0, vocab, dLogitsT, weight.g(), k);
            k.addColumnSums(logits, 0, rows, vocab, vocab, bias.g(), 0);
            FusedOutputBackward.hiddenGradient(logits, rows, vocab, hidden, weight, dTop, dLogitsT != null, k);
        }

        @Override
        void copiesStale() {
            stale = true;
        }

        @Override
        float[] scores(float[] top, Kernels k) {
            logits(top, 1, k);
            return logits;
        }
    }
}
