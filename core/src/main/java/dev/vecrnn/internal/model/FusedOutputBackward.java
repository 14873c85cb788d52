package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The output layer's backward with its weights' gradient handed on a block of rows at a time,
 * so that the sink can clip and apply it while the block is in cache. With dY the gradient of
 * the logits (rows x V), Y the top hidden states (rows x H) and W the weights (V x H):
 * <ol>
 *   <li>dH = dY W and the bias gradient, by the very calls of the plain backward, while W is
 *       still the old one;</li>
 *   <li>for each block of rows v of W: its gradient dY[:, v]^T Y into a small buffer, which the
 *       sink takes (and may use to update W[v] and its optimizer state).</li>
 * </ol>
 * The weights' gradient never exists whole, so it is neither written, read back for clipping and
 * the update, nor cleared: W and the optimizer state are each passed over once in step 2.
 *
 * <p>Every number is the plain backward's, bit for bit, whatever the thread count: step 1 is
 * the same calls, and in step 2 each element of the gradient is one chain over the rows of dY,
 * which the kernels compute alike however the rows of W are cut (as {@code ParallelKernels}
 * relies on when it splits gemmTN). The blocks are cut into parts by {@link Kernels#forEachPart},
 * one contiguous range per thread; parts share nothing but the read-only dY and Y.
 *
 * <p>Why dH is not computed block by block as well, which would read W once instead of twice:
 * with several threads each would have to sum its blocks' share of dH apart, and adding those
 * sums changes dH's rounding; and the product is bound by arithmetic, not by memory, so the
 * second read of W costs little.
 */
final class FusedOutputBackward {
    /** Rows of W per block: 128 x H gradients stay in L2 with W's rows and their state. */
    static final int BLOCK_ROWS = 128;

    private final int vocab;
    private final int hidden;
    /** Block-gradient buffers of the parts that are not running. */
    private final Queue<float[]> spare = new ConcurrentLinkedQueue<>();

    FusedOutputBackward(int vocab, int hidden) {
        this.vocab = vocab;
        this.hidden = hidden;
    }

    /**
     * dHidden (rows x H) = dY W; the bias gradient += the column sums of dY; the weights'
     * gradient dY^T Y goes to {@code sink} block by block, after W was used for dHidden.
     */
    void run(float[] dY, float[] top, int rows, Param weight, Param bias, float[] dHidden, float[] scratch,
             Kernels k, OutputRowSink sink) {
        // as the plain backward, so the same split across threads and the same sums
        k.addColumnSums(dY, 0, rows, vocab, vocab, bias.g(), 0);
        hiddenGradient(dY, rows, vocab, hidden, weight, dHidden, scratch != null, k);

        int blocks = (vocab + BLOCK_ROWS - 1) / BLOCK_ROWS;
        // a block's gradient is rows x BLOCK_ROWS x H multiply-adds
        k.forEachPart(blocks, (long) rows * BLOCK_ROWS * hidden, (from, to, kk) -> {
            float[] g = takeBuffer();
            try {
                blocks(from, to, dY, top, rows, weight, g, scratch, kk, sink);
            } finally {
                spare.add(g);
            }
        });
    }

    /**
     * dHidden (rows x H) = dY W, for the plain and the fused backward alike: by the one-stream
     * product ({@link Kernels#rowsTimesMatrix}) or the batched GEMM.
     */
    static void hiddenGradient(float[] dY, int rows, int vocab, int hidden, Param weight, float[] dHidden,
                               boolean oneStream, Kernels k) {
        Arrays.fill(dHidden, 0, rows * hidden, 0f);
        if (oneStream) {
            k.rowsTimesMatrix(rows, hidden, vocab, dY, 0, weight.w(), 0, dHidden, 0);
        } else {
            k.gemmNN(rows, hidden, vocab, dY, 0, vocab, weight.w(), 0, hidden, dHidden, 0, hidden);
        }
    }

    /**
     * g (count x H) += rows [v0, v0 + count) of the weights' gradient dY^T top. With a
     * {@code scratch} of V x rows floats (one stream) by the one-stream product on dY
     * transposed into it (rows v0.. of dY^T at v0 * rows, so that blocks on other threads use
     * other floats), else by the batched GEMM. Both compute each element alike for any cut of
     * the rows of W, so blocks equal the whole.
     */
    static void weightGradient(float[] dY, float[] top, int rows, int vocab, int hidden, int v0, int count,
                               float[] scratch, float[] g, Kernels k) {
        if (scratch != null) {
            // dY^T's rows v0.. are dY's columns: rows x count of them, transposed
            k.transpose(rows, count, dY, v0, vocab, scratch, v0 * rows, rows);
            k.rowsTimesMatrix(count, hidden, rows, scratch, v0 * rows, top, 0, g, 0);
        } else {
            k.gemmTN(count, hidden, rows, dY, v0, vocab, top, 0, hidden, g, 0, hidden);
        }
    }

    /** A block-gradient buffer no part is using (one per part at a time; kept across calls). */
    private float[] takeBuffer() {
        float[] g = spare.poll();
        return g != null ? g : new float[BLOCK_ROWS * hidden];
    }

    private void blocks(int from, int to, float[] dY, float[] top, int rows, Param weight, float[] g, float[] scratch,
                        Kernels k, OutputRowSink sink) {
        for (int b = from; b < to; b++) {
            int v0 = b * BLOCK_ROWS;
            int count = Math.min(BLOCK_ROWS, vocab - v0);
            // the plain backward adds to a cleared gradient: so does this
            Arrays.fill(g, 0, count * hidden, 0f);
            weightGradient(dY, top, rows, vocab, hidden, v0, count, scratch, g, k);
            sink.accept(weight, v0, count, g, k);
        }
    }
}
