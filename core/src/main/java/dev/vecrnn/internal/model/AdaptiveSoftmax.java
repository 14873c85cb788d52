package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.Kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The adaptive softmax of Grave et al. (2017), as PyTorch's {@code AdaptiveLogSoftmaxWithLoss}
 * with its defaults (no biases). The vocabulary, ordered by frequency, is cut at
 * {@code c_0 < c_1 < ... < c_{n-1}}: the shortlist [0, c_0) and n tail clusters
 * [c_i, c_{i+1}) (the last ends at V). With h the top hidden state:
 * <pre>
 *   head:      z = h W_head^T, W_head = [W_short (c_0 x H); W_clusters (n x H)], log q = log_softmax(z)
 *   cluster i: u_i = (h P_i^T) O_i^T, P_i: H_i x H (H_i = floor(H / div^(i+1))), O_i: |cluster i| x H_i
 *   log p(t) = log q_t                                        for t &lt; c_0
 *   log p(t) = log q_{c_0 + i} + log_softmax(u_i)_{t - c_i}   for t in cluster i
 * </pre>
 * These probabilities sum to one, so the loss is the exact -log p(target). A chunk computes the
 * head for every row and cluster i only for the rows whose target is in it: those rows of h are
 * gathered into one contiguous block and each cluster is two products, whatever its row count.
 * When tied, W_short is the first c_0 rows of the word vectors (E = H).
 *
 * <p>The weights are stored as PyTorch stores them (out x in), but a chunk multiplies by
 * transposed copies made at its start: the head's and the clusters' products have few inputs
 * (H, or H_i as few as 16) and many outputs (thousands of tokens), and with the weights as
 * {@code in x out} every product is a plain {@code C += A B} with long vectors along the tokens,
 * written straight into the logits (2 to 4 times faster here than {@code A B^T} at these shapes).
 * The clusters' weight gradients are likewise made transposed and added back.
 */
final class AdaptiveSoftmax extends OutputLayer {
    private final int vocab;
    private final int hidden;
    private final int shortlist;
    private final int clusters;
    private final int headSize;
    private final int[] start;
    private final int[] size;
    private final int[] width;
    private final Param head;
    private final Param clusterWeight;
    private final Param[] projection;
    private final Param[] weight;
    private final List<Param> params;
    private final boolean tied;

    /**
     * Rows from which a chunk multiplies by a transposed copy of the head's weights: copying
     * H x headSize floats costs about as much as the product for a few dozen rows (validation's
     * chunks of 64 multiply by the weights as they are). The clusters' weights are copied for
     * any number of rows: their products with 16 to 64 inputs are several times slower the
     * other way.
     */
    static final int TRANSPOSE_HEAD_ROWS = 256;

    AdaptiveSoftmax(ModelSpec spec, Param tiedTable) {
        vocab = spec.vocab();
        hidden = spec.hidden();
        clusters = spec.clusters();
        shortlist = spec.clusterStart(0);
        headSize = spec.headSize();
        tied = tiedTable != null;
        start = new int[clusters];
        size = new int[clusters];
        width = new int[clusters];
        projection = new Param[clusters];
        weight = new Param[clusters];
        List<Param> all = new ArrayList<>();
        head = tied ? tiedTable : new Param("output.shortlist", shortlist, hidden, false);
        if (!tied) {
            all.add(head);
        }
        clusterWeight = new Param("output.clusters", clusters, hidden, false);
        all.add(clusterWeight);
        for (int i = 0; i < clusters; i++) {
            start[i] = spec.clusterStart(i);
            size[i] = spec.clusterTokens(i);
            width[i] = spec.clusterHidden(i);
            projection[i] = new Param("output.tail" + i + ".projection", width[i], hidden, false);
            weight[i] = new Param("output.tail" + i + ".weight", size[i], width[i], false);
            all.add(projection[i]);
            all.add(weight[i]);
        }
        params = Collections.unmodifiableList(all);
    }

    @Override
    List<Param> params() {
        return params;
    }

    @Override
    Param blockWeight() {
        return null;
    }

    @Override
    Run open(int maxRows) {
        return new Run(maxRows);
    }

    /** The tail cluster of token {@code t}, or -1 for the shortlist. */
    private int clusterOf(int t) {
        int i = clusters - 1;
        while (i >= 0 && t < start[i]) {
            i--;
        }
        return i;
    }

    /** Rows of the largest cluster: what a chunk whose targets all fall in it needs. */
    private int largestCluster() {
        int m = 0;
        for (int s : size) {
            m = Math.max(m, s);
        }
        return m;
    }

    private int widest() {
        int m = 0;
        for (int w : width) {
            m = Math.max(m, w);
        }
        return m;
    }

    /**
     * Floats of the buffers a run for {@code maxRows} rows can come to hold (the cluster logits
     * at their largest: every row's target in the largest cluster), for memory estimates.
     */
    static long bufferFloats(ModelSpec spec, long maxRows) {
        long widest = 0;
        long largest = 0;
        for (int i = 0; i < spec.clusters(); i++) {
            widest = Math.max(widest, spec.clusterHidden(i));
            largest = Math.max(largest, spec.clusterTokens(i));
        }
        long h = spec.hidden();
        long perRow = spec.headSize() + 4 + 2 * h + 2 * widest + largest; // 4: row loss and three row indices
        // the transposed weights and one cluster's transposed gradient
        long transposed = h * spec.headSize() + (spec.vocab() - spec.clusterStart(0)) * widest + largest * widest;
        // one step for sampling: V scores, the head and one cluster's logits twice
        long step = spec.vocab() + 2L * spec.headSize() + 2 * largest + widest;
        return maxRows * perRow + transposed + step;
    }

    private final class Run extends OutputLayer.Run {
        private final int maxRows;
        /** Head logits, then probabilities, then their gradient: rows x headSize. */
        private final float[] headBuf;
        private final float[] rowLoss;
        /** Per row: its index in the head (the target, or the entry of its cluster). */
        private final int[] headIndex;
        /** Rows ordered by cluster: cluster i's rows are order[first[i], first[i] + count[i]). */
        private final int[] order;
        private final int[] first = new int[clusters + 1];
        private final int[] count = new int[clusters];
        /** Per ordered row: the target's index inside its cluster. */
        private final int[] local;
        /** The gathered hidden states of the ordered rows (rows x H), and the gradient into them. */
        private final float[] gathered;
        private final float[] dGathered;
        /** Per cluster, packed: projections (count x H_i) and their gradient. */
        private final float[] projected;
        private final float[] dProjected;
        private final int[] projOff = new int[clusters];
        /** Per cluster, packed: logits, then probabilities, then their gradient (count x size); grows as needed. */
        private float[] tail = new float[0];
        private final int[] tailOff = new int[clusters];
        /** The head's weights transposed (H x headSize), and each cluster's (H_i x size_i), made at each forward that uses them. */
        private float[] headT;
        private final float[][] weightT = new float[clusters][];
        /** A cluster's weight gradient as H_i x size_i, before it is added to the weights' (size_i x H_i). */
        private float[] gradT;
        private float[] top;
        private int rows;
        /** One row (sampling): scores, head logits and one cluster's projection and logits, each kept and normalised. */
        private float[] scores;
        private float[] oneHead;
        private float[] oneHeadP;
        private float[] oneProj;
        private float[] oneTail;
        private float[] oneTailP;

        Run(int maxRows) {
            this.maxRows = maxRows;
            headBuf = new float[Math.multiplyExact(maxRows, headSize)];
            rowLoss = new float[maxRows];
            headIndex = new int[maxRows];
            order = new int[maxRows];
            local = new int[maxRows];
            gathered = new float[Math.multiplyExact(maxRows, hidden)];
            dGathered = new float[gathered.length];
            projected = new float[Math.multiplyExact(maxRows, widest())];
            dProjected = new float[projected.length];
        }

        @Override
        double forward(float[] top, int[] targets, int rows, Kernels k) {
            this.top = top;
            this.rows = rows;
            float[] hb = headBuf;
            clear(hb, 0, rows, headSize, k);
            if (rows >= TRANSPOSE_HEAD_ROWS) {
                if (headT == null) {
                    headT = new float[Math.multiplyExact(hidden, headSize)];
                }
                transpose(shortlist, hidden, head.w(), headT, 0, headSize, k);
                transpose(clusters, hidden, clusterWeight.w(), headT, shortlist, headSize, k);
                k.gemmNN(rows, headSize, hidden, top, 0, hidden, headT, 0, headSize, hb, 0, headSize);
            } else {
                k.gemmNT(rows, shortlist, hidden, top, 0, hidden, head.w(), 0, hidden, hb, 0, headSize);
                k.gemmNT(rows, clusters, hidden, top, 0, hidden, clusterWeight.w(), 0, hidden, hb, shortlist, headSize);
            }
            group(targets, rows);
            k.forEachPart(rows, 4L * headSize, (from, to, kk) -> {
                for (int r = from; r < to; r++) {
                    int off = r * headSize;
                    float target = hb[off + headIndex[r]];
                    rowLoss[r] = kk.softmax(hb, off, headSize) - target;
                }
            });
            for (int i = 0; i < clusters; i++) {
                int m = count[i];
                if (m == 0) {
                    continue;
                }
                int f = first[i];
                int w = width[i];
                int n = size[i];
                float[] t = tail;
                k.gatherRows(top, hidden, order, f, m, gathered, f * hidden);
                Arrays.fill(projected, projOff[i], projOff[i] + m * w, 0f);
                k.gemmNT(m, w, hidden, gathered, f * hidden, hidden, projection[i].w(), 0, hidden, projected, projOff[i], w);
                if (weightT[i] == null) {
                    weightT[i] = new float[n * w];
                }
                transpose(n, w, weight[i].w(), weightT[i], 0, n, k);
                clear(t, tailOff[i], m, n, k);
                k.gemmNN(m, n, w, projected, projOff[i], w, weightT[i], 0, n, t, tailOff[i], n);
                int base = tailOff[i];
                k.forEachPart(m, 4L * n, (from, to, kk) -> {
                    for (int j = from; j < to; j++) {
                        int off = base + j * n;
                        float target = t[off + local[f + j]];
                        rowLoss[order[f + j]] += kk.softmax(t, off, n) - target;
                    }
                });
            }
            double loss = 0;
            for (int r = 0; r < rows; r++) {
                loss += rowLoss[r];
            }
            return loss;
        }

        /** Sorts the rows by the cluster of their target (stably) and lays out the packed cluster buffers. */
        private void group(int[] targets, int rows) {
            Arrays.fill(count, 0);
            for (int r = 0; r < rows; r++) {
                int t = targets[r];
                if (t < 0 || t >= vocab) {
                    throw new IllegalArgumentException("target " + t + " outside the vocabulary of " + vocab);
                }
                int c = clusterOf(t);
                headIndex[r] = c < 0 ? t : shortlist + c;
                if (c >= 0) {
                    count[c]++;
                }
            }
            int p = 0;
            int proj = 0;
            long logits = 0;
            for (int i = 0; i < clusters; i++) {
                first[i] = p;
                projOff[i] = proj;
                tailOff[i] = (int) logits;
                p += count[i];
                proj += count[i] * width[i];
                logits += (long) count[i] * size[i];
            }
            first[clusters] = p;
            if (logits > tail.length) {
                // grows to what this chunk needs and a quarter more, at most the largest any chunk can need
                long cap = (long) maxRows * largestCluster();
                tail = new float[Math.toIntExact(Math.min(cap, Math.max(logits, logits + logits / 4)))];
            }
            int[] next = Arrays.copyOf(first, clusters);
            for (int r = 0; r < rows; r++) {
                int c = headIndex[r] - shortlist;
                if (c >= 0) {
                    int j = next[c]++;
                    order[j] = r;
                    local[j] = targets[r] - start[c];
                }
            }
        }

        @Override
        void backward(float gradScale, float[] dTop, Kernels k, OutputRowSink sink) {
            if (sink != null) {
                throw new IllegalStateException("the adaptive softmax has no weights to hand over block by block");
            }
            float[] hb = headBuf;
            k.forEachPart(rows, headSize, (from, to, kk) -> {
                for (int r = from; r < to; r++) {
                    hb[r * headSize + headIndex[r]] -= 1f;
                    if (gradScale != 1f) {
                        kk.scale(gradScale, hb, r * headSize, headSize);
                    }
                }
            });
            k.gemmTN(shortlist, hidden, rows, hb, 0, headSize, top, 0, hidden, head.g(), 0, hidden);
            if (head.sparse()) {
                // the word vectors' shortlist rows, when tied
                for (int v = 0; v < shortlist; v++) {
                    head.touch(v);
                }
            }
            k.gemmTN(clusters, hidden, rows, hb, shortlist, headSize, top, 0, hidden, clusterWeight.g(), 0, hidden);
            Arrays.fill(dTop, 0, rows * hidden, 0f);
            k.gemmNN(rows, hidden, shortlist, hb, 0, headSize, head.w(), 0, hidden, dTop, 0, hidden);
            k.gemmNN(rows, hidden, clusters, hb, shortlist, headSize, clusterWeight.w(), 0, hidden, dTop, 0, hidden);
            for (int i = 0; i < clusters; i++) {
                int m = count[i];
                if (m == 0) {
                    continue;
                }
                int f = first[i];
                int w = width[i];
                int n = size[i];
                int to = tailOff[i];
                int po = projOff[i];
                float[] t = tail;
                k.forEachPart(m, n, (from, end, kk) -> {
                    for (int j = from; j < end; j++) {
                        t[to + j * n + local[f + j]] -= 1f;
                        if (gradScale != 1f) {
                            kk.scale(gradScale, t, to + j * n, n);
                        }
                    }
                });
                if (gradT == null) {
                    gradT = new float[largestCluster() * widest()];
                }
                clear(gradT, 0, w, n, k);
                k.gemmTN(w, n, m, projected, po, w, tail, to, n, gradT, 0, n);
                addTransposed(w, n, gradT, weight[i].g(), k);
                Arrays.fill(dProjected, 0, m * w, 0f);
                k.gemmNN(m, w, n, tail, to, n, weight[i].w(), 0, w, dProjected, 0, w);
                k.gemmTN(w, hidden, m, dProjected, 0, w, gathered, f * hidden, hidden, projection[i].g(), 0, hidden);
                Arrays.fill(dGathered, 0, m * hidden, 0f);
                k.gemmNN(m, hidden, w, dProjected, 0, w, projection[i].w(), 0, hidden, dGathered, 0, hidden);
                // each row is in one cluster only: a scatter, not a sum of several
                k.scatterAddRows(dGathered, 0, hidden, order, f, m, dTop);
            }
        }

        /**
         * g[j * rows + i] += t[i * cols + j]: the rows x cols matrix t added transposed to g
         * (cols x rows), in parts of t's columns (disjoint rows of g) across the threads.
         */
        private static void addTransposed(int rows, int cols, float[] t, float[] g, Kernels k) {
            k.forEachPart(cols, rows, (from, to, kk) -> {
                // blocks of 16 x 16 keep both sides in cache
                for (int i0 = 0; i0 < rows; i0 += 16) {
                    int i1 = Math.min(rows, i0 + 16);
                    for (int j0 = from; j0 < to; j0 += 16) {
                        int j1 = Math.min(to, j0 + 16);
                        for (int i = i0; i < i1; i++) {
                            for (int j = j0; j < j1; j++) {
                                g[j * rows + i] += t[i * cols + j];
                            }
                        }
                    }
                }
            });
        }

        /** The rows x cols matrix a (leading dimension cols) transposed into t at to (leading dimension ldt), in parts of a's rows. */
        private static void transpose(int rows, int cols, float[] a, float[] t, int to, int ldt, Kernels k) {
            k.forEachPart(rows, cols, (from, end, kk) -> kk.transpose(end - from, cols, a, from * cols, cols, t, to + from, ldt));
        }

        /** Zeroes rows x cols floats of x from off, in parts of rows: the products add to what is there. */
        private static void clear(float[] x, int off, int rows, int cols, Kernels k) {
            k.forEachPart(rows, cols, (from, to, kk) -> Arrays.fill(x, off + from * cols, off + to * cols, 0f));
        }

        @Override
        float[] scores(float[] top, Kernels k) {
            if (scores == null) {
                scores = new float[vocab];
                oneHead = new float[headSize];
                oneHeadP = new float[headSize];
                oneProj = new float[widest()];
                oneTail = new float[largestCluster()];
                oneTailP = new float[oneTail.length];
            }
            Arrays.fill(oneHead, 0f);
            k.gemmNT(1, shortlist, hidden, top, 0, hidden, head.w(), 0, hidden, oneHead, 0, headSize);
            k.gemmNT(1, clusters, hidden, top, 0, hidden, clusterWeight.w(), 0, hidden, oneHead, shortlist, headSize);
            System.arraycopy(oneHead, 0, oneHeadP, 0, headSize);
            float headNorm = k.softmax(oneHeadP, 0, headSize);
            for (int v = 0; v < shortlist; v++) {
                scores[v] = oneHead[v] - headNorm;
            }
            for (int i = 0; i < clusters; i++) {
                int w = width[i];
                int n = size[i];
                float logCluster = oneHead[shortlist + i] - headNorm;
                Arrays.fill(oneProj, 0, w, 0f);
                k.gemmNT(1, w, hidden, top, 0, hidden, projection[i].w(), 0, hidden, oneProj, 0, w);
                Arrays.fill(oneTail, 0, n, 0f);
                k.gemmNT(1, n, w, oneProj, 0, w, weight[i].w(), 0, w, oneTail, 0, n);
                System.arraycopy(oneTail, 0, oneTailP, 0, n);
                float tailNorm = k.softmax(oneTailP, 0, n);
                for (int j = 0; j < n; j++) {
                    scores[start[i] + j] = logCluster + (oneTail[j] - tailNorm);
                }
            }
            return scores;
        }
    }
}
