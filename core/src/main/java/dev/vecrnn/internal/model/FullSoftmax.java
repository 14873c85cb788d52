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
        return new Run(maxRows);
    }

    private final class Run extends OutputLayer.Run {
        private final float[] logits;
        /** -log p(target) of each row of the last forward. */
        private final float[] rowLoss;
        private FusedOutputBackward fused;
        private float[] top;
        private int[] targets;
        private int rows;

        Run(int maxRows) {
            logits = new float[Math.multiplyExact(maxRows, vocab)];
            rowLoss = new float[maxRows];
        }

        @Override
        double forward(float[] top, int[] targets, int rows, Kernels k) {
            this.top = top;
            this.targets = targets;
            this.rows = rows;
            Arrays.fill(logits, 0, rows * vocab, 0f);
            k.gemmNT(rows, vocab, hidden, top, 0, hidden, weight.w(), 0, hidden, logits, 0, vocab);
            k.addRowVector(bias.w(), 0, logits, 0, rows, vocab, vocab);
            // rows are independent: forEachPart may split them, each row computed as on one thread;
            // an exp costs about four multiply-adds
            k.forEachPart(rows, 4L * vocab, this::softmaxRows);
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
                fused.run(logits, top, rows, weight, bias, dTop, k, sink);
                return;
            }
            k.gemmTN(vocab, hidden, rows, logits, 0, vocab, top, 0, hidden, weight.g(), 0, hidden);
            k.addColumnSums(logits, 0, rows, vocab, vocab, bias.g(), 0);
            Arrays.fill(dTop, 0, rows * hidden, 0f);
            k.gemmNN(rows, hidden, vocab, logits, 0, vocab, weight.w(), 0, hidden, dTop, 0, hidden);
        }

        @Override
        float[] scores(float[] top, Kernels k) {
            Arrays.fill(logits, 0, vocab, 0f);
            k.gemmNT(1, vocab, hidden, top, 0, hidden, weight.w(), 0, hidden, logits, 0, vocab);
            k.addRowVector(bias.w(), 0, logits, 0, 1, vocab, vocab);
            return logits;
        }
    }
}
