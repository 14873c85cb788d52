package dev.vecrnn.internal.kernel;

import dev.vecrnn.spi.VectorOps;

/**
 * The numeric primitives every model, cell and optimizer is written in.
 *
 * <p>The level-1 operations and the element-wise kernels of optimizers are the public
 * {@link VectorOps}, which plugin optimizers get. Matrices are row-major {@code float[]} with an
 * offset and a leading dimension (the distance between the starts of two rows, at least the row length). All matrix
 * products accumulate into C ({@code C += ...}); callers clear C when they want a plain
 * product. {@link ScalarKernels} and {@code VectorKernels} are stateless and run on the calling
 * thread, so one instance serves any number of threads; {@link ParallelKernels} wraps either and
 * splits large products across its own pool of threads.
 *
 * <p>{@link ScalarKernels} is the reference. {@code VectorKernels} (package
 * {@code dev.vecrnn.internal.kernel.vector}) is the only code that touches {@code jdk.incubator.vector};
 * {@link KernelsLoader} picks one.
 */
public interface Kernels extends VectorOps {

    /** Short name shown to users: "scalar" or "vector(512 bit)". */
    String name();

    // ---- level 3 (level 2 is the m == 1 case) ----------------------------------------

    /** C[m x n] += A[m x k] * B[n x k]^T. Forward of a layer whose weights are stored out x in. */
    void gemmNT(int m, int n, int k,
                float[] a, int ao, int lda,
                float[] b, int bo, int ldb,
                float[] c, int co, int ldc);

    /** C[m x n] += A[m x k] * B[k x n]. Input gradient of such a layer. */
    void gemmNN(int m, int n, int k,
                float[] a, int ao, int lda,
                float[] b, int bo, int ldb,
                float[] c, int co, int ldc);

    /** C[m x n] += A[k x m]^T * B[k x n]. Weight gradient of such a layer. */
    void gemmTN(int m, int n, int k,
                float[] a, int ao, int lda,
                float[] b, int bo, int ldb,
                float[] c, int co, int ldc);

    // ---- rows of a table (one-hot inputs) ---------------------------------------------

    /** dst row r (at dstOff + r*cols) = table row ids[idsOff + r], for r in [0, count). */
    void gatherRows(float[] table, int cols, int[] ids, int idsOff, int count, float[] dst, int dstOff);

    /** table row ids[idsOff + r] += src row r (at srcOff + r*cols), for r in [0, count). */
    void scatterAddRows(float[] src, int srcOff, int cols, int[] ids, int idsOff, int count, float[] table);

    /** y[yo+i] += x row r, i.e. the column sums of an m x n matrix added to y (bias gradients). */
    void addColumnSums(float[] x, int xo, int m, int n, int ldx, float[] y, int yo);

    /** Each of the m rows of x (length n, leading dimension ldx) gets y[yo..yo+n) added (bias). */
    void addRowVector(float[] y, int yo, float[] x, int xo, int m, int n, int ldx);

    // ---- elementwise ------------------------------------------------------------------

    /** x = tanh(x), in place. */
    void tanh(float[] x, int xo, int n);

    /** x = 1 / (1 + exp(-x)), in place. */
    void sigmoid(float[] x, int xo, int n);

    /** d *= 1 - y^2, the derivative of tanh given its output y. */
    void tanhBackward(float[] y, int yo, float[] d, int dOff, int n);

    /** d *= y * (1 - y), the derivative of the sigmoid given its output y. */
    void sigmoidBackward(float[] y, int yo, float[] d, int dOff, int n);

    /**
     * Replaces one row by its softmax, in place, subtracting the row maximum first so
     * that exp cannot overflow. Returns log(sum(exp(x - max))) + max, so that the
     * log-probability of entry j is {@code x_j - result} computed on the original x.
     */
    float softmax(float[] x, int xo, int n);

    /** t[to + j*ldt + i] = a[ao + i*lda + j]: the rows x cols matrix a transposed into cols x rows. */
    default void transpose(int rows, int cols, float[] a, int ao, int lda, float[] t, int to, int ldt) {
        // pure data movement, the same for every implementation. Output rows are written in
        // runs of up to 256 floats; the 16 columns of a read are 16 x 256 floats of a, which stay
        // in L1 while their runs are written (the order of the old 16 x 16 blocks, with the inner
        // loop along the output, was several times slower at the recurrent weights' sizes)
        for (int i0 = 0; i0 < rows; i0 += 256) {
            int i1 = Math.min(rows, i0 + 256);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j1 = Math.min(cols, j0 + 16);
                for (int j = j0; j < j1; j++) {
                    int tj = to + j * ldt;
                    int aj = ao + j;
                    for (int i = i0; i < i1; i++) {
                        t[tj + i] = a[aj + i * lda];
                    }
                }
            }
        }
    }

    // ---- fused recurrent steps ----------------------------------------------------------
    //
    // One step of a cell for {@code rows} streams, in one pass instead of a dozen elementwise
    // calls per stream. Row r of a gate block starts at {@code go + r*G} (G = 4h for LSTM, 3h
    // for GRU); row r of every h-wide buffer at its offset + r*h.

    /**
     * LSTM forward. {@code gates} holds the pre-activations [i f o g] and is replaced by
     * [sigmoid(i) sigmoid(f) sigmoid(o) tanh(g)]; then c = f*cPrev + i*g, tc = tanh(c), h = o*tc.
     */
    void lstmForward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo,
                     float[] c, int co, float[] tc, int tco, float[] hOut, int ho);

    /**
     * LSTM backward of one step. In: the activated {@code gates}, cPrev, tc = tanh(c), dh (the whole
     * gradient of h), dc (the gradient of c from the step after). Out: {@code dGates} (of the
     * pre-activations [i f o g]) and dc replaced by the gradient of cPrev:
     * <pre>
     *   dc' = dc + dh*o*(1 - tc^2);  di = dc'*g*i*(1-i);  df = dc'*cPrev*f*(1-f);
     *   do = dh*tc*o*(1-o);  dg = dc'*i*(1-g^2);  dc = dc'*f
     * </pre>
     */
    void lstmBackward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo, float[] tc, int tco,
                      float[] dh, int dho, float[] dc, int dco, float[] dGates, int dgo);

    /**
     * GRU forward (the cuDNN form). {@code gates} holds the input projection [a_r a_z a_n],
     * {@code hp} the recurrent product [p_r p_z p_n] (with b_hn in p_n). gates is replaced by
     * [r z n] with r = sigmoid(a_r + p_r), z = sigmoid(a_z + p_z), n = tanh(a_n + r*p_n), and
     * h = n + z*(hPrev - n).
     */
    void gruForward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                    float[] hOut, int ho);

    /**
     * GRU backward of one step. In: the activated {@code gates} [r z n], hp, hPrev, dh. Out:
     * {@code dGates} = [dr dz dn] of the pre-activations, {@code dHp} = the gradient of hp (its r
     * and z blocks equal dr and dz; its n block is dn*r), and dh*z added to dhPrev (unless null):
     * <pre>
     *   dn = (dh - dh*z)*(1-n^2);  dz = dh*(hPrev-n)*z*(1-z);  dr = dn*p_n*r*(1-r)
     * </pre>
     */
    void gruBackward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                     float[] dh, int dho, float[] dGates, int dgo, float[] dHp, int dhpo, float[] dhPrev, int dhpr);

    // ---- one stream (batch 1) ----------------------------------------------------------
    //
    // A whole chunk of one stream per call: the step loop runs inside the kernel, without a call,
    // allocation or dispatch per step. Every sum is one chain of FMAs in a fixed order that does
    // not depend on the vector width (vectors run along the output columns, never across a sum),
    // so the vector kernels give the scalar ones' bits wherever no exp or tanh is involved.

    /**
     * Vanilla RNN forward of one stream over {@code steps} steps: row t of y (at yo + t*h) =
     * tanh(x_t + h_{t-1} W^T), where h_{-1} is h0 (at h0o) and h_{t-1} is row t-1 of y. {@code wT}
     * (at wo) is W_hh transposed, h x h: row p holds the weights from input p. Each sum starts at
     * x_t[j] and adds h_{t-1}[p] * wT[p][j] for p = 0, 1, ... h-1, one FMA each. x and y must not
     * overlap.
     */
    void rnnForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o,
                             float[] x, int xo, float[] y, int yo);

    /**
     * Vanilla RNN backward of one stream over the {@code steps} steps of a forward that gave
     * {@code y}: from d (the gradient of each step's output, from above) sets dx, the gradient
     * of each step's pre-activation, from the last step down:
     * dx_t[j] = (d_t[j] + sum_i dx_{t+1}[i] * W[i][j]) * (1 - y_t[j]^2), the sum (absent for the
     * last step) one FMA per i = 0, 1, ... h-1 in order. {@code w} (at wo) is W_hh, h x h, as
     * stored (row i: the weights into output i). d and dx must not overlap.
     */
    void rnnBackwardOneStream(int steps, int h, float[] w, int wo, float[] y, int yo,
                              float[] d, int dOff, float[] dx, int dxo);

    /**
     * LSTM forward of one stream over {@code steps} steps. For each t in order: row t of
     * {@code gates} (at go + t*4h, the input projection) += h_{t-1} W^T as {@link #rowsTimesMatrix}
     * adds it, then {@link #lstmForward} on that row, writing row t of c, tc and y. h_{-1} is h0 and
     * c_{-1} is c0; after them, h_{t-1} and c_{t-1} are rows t-1 of y and c. {@code wT} (at wo) is
     * W_hh transposed, h x 4h.
     */
    default void lstmForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o, float[] c0, int c0o,
                                      float[] gates, int go, float[] c, int co, float[] tc, int tco, float[] y, int yo) {
        for (int t = 0; t < steps; t++) {
            int gr = go + t * 4 * h;
            rowsTimesMatrix(1, 4 * h, h, t == 0 ? h0 : y, t == 0 ? h0o : yo + (t - 1) * h, wT, wo, gates, gr);
            lstmForward(1, h, gates, gr, t == 0 ? c0 : c, t == 0 ? c0o : co + (t - 1) * h,
                    c, co + t * h, tc, tco + t * h, y, yo + t * h);
        }
    }

    /**
     * LSTM backward of one stream over the steps of a forward, from the last step down:
     * {@link #lstmBackward} on row t (dc, h wide at dco, carried from step to step: it comes in as
     * the gradient of the last c and goes out as that of c0), then for t > 0 row t-1 of dh +=
     * dGates_t W as {@link #rowsTimesMatrix} adds it. dh holds each step's whole output gradient
     * by the time its row is used. {@code w} (at wo) is W_hh as stored, 4h x h.
     */
    default void lstmBackwardOneStream(int steps, int h, float[] w, int wo, float[] gates, int go, float[] c0, int c0o,
                                       float[] c, int co, float[] tc, int tco, float[] dh, int dho, float[] dc, int dco,
                                       float[] dGates, int dgo) {
        for (int t = steps - 1; t >= 0; t--) {
            int gr = go + t * 4 * h;
            int dr = dgo + t * 4 * h;
            lstmBackward(1, h, gates, gr, t == 0 ? c0 : c, t == 0 ? c0o : co + (t - 1) * h, tc, tco + t * h,
                    dh, dho + t * h, dc, dco, dGates, dr);
            if (t > 0) {
                rowsTimesMatrix(1, h, 4 * h, dGates, dr, w, wo, dh, dho + (t - 1) * h);
            }
        }
    }

    /**
     * GRU forward of one stream over {@code steps} steps. For each t in order: row t of hp (at
     * hpo + t*3h) is set to [0 | 0 | b_hn] (bhn at bo, h long), += h_{t-1} W^T as
     * {@link #rowsTimesMatrix} adds it, then {@link #gruForward} on row t of gates and hp writes
     * row t of y. h_{-1} is h0, then h_{t-1} is row t-1 of y. {@code wT} (at wo) is W_hh
     * transposed, h x 3h.
     */
    default void gruForwardOneStream(int steps, int h, float[] wT, int wo, float[] bhn, int bo, float[] h0, int h0o,
                                     float[] gates, int go, float[] hp, int hpo, float[] y, int yo) {
        for (int t = 0; t < steps; t++) {
            int pr = hpo + t * 3 * h;
            java.util.Arrays.fill(hp, pr, pr + 2 * h, 0f);
            System.arraycopy(bhn, bo, hp, pr + 2 * h, h);
            float[] prev = t == 0 ? h0 : y;
            int po = t == 0 ? h0o : yo + (t - 1) * h;
            rowsTimesMatrix(1, 3 * h, h, prev, po, wT, wo, hp, pr);
            gruForward(1, h, gates, go + t * 3 * h, hp, pr, prev, po, y, yo + t * h);
        }
    }

    /**
     * GRU backward of one stream over the steps of a forward, from the last step down:
     * {@link #gruBackward} on row t (adding dh*z to row t-1 of dh, for t > 0), then for t > 0 row
     * t-1 of dh += dHp_t W as {@link #rowsTimesMatrix} adds it. {@code w} (at wo) is W_hh as
     * stored, 3h x h.
     */
    default void gruBackwardOneStream(int steps, int h, float[] w, int wo, float[] gates, int go, float[] hp, int hpo,
                                      float[] h0, int h0o, float[] y, int yo, float[] dh, int dho,
                                      float[] dGates, int dgo, float[] dHp, int dhpo) {
        for (int t = steps - 1; t >= 0; t--) {
            int pr = dhpo + t * 3 * h;
            gruBackward(1, h, gates, go + t * 3 * h, hp, hpo + t * 3 * h, t == 0 ? h0 : y,
                    t == 0 ? h0o : yo + (t - 1) * h, dh, dho + t * h, dGates, dgo + t * 3 * h, dHp, pr,
                    t > 0 ? dh : null, dho + (t - 1) * h);
            if (t > 0) {
                rowsTimesMatrix(1, h, 3 * h, dHp, pr, w, wo, dh, dho + (t - 1) * h);
            }
        }
    }

    /**
     * C[m x n] += A[m x k] * B[k x n], rows of A, B and C contiguous (leading dimensions k, n and
     * n), each element one chain of FMAs over p = 0, 1, ... k-1 starting from its value in C: the
     * small products of one stream's chunk (output layer, weight gradients) in the order of
     * {@link #rnnForwardOneStream}. C must not overlap A or B.
     */
    void rowsTimesMatrix(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co);

    // ---- threads --------------------------------------------------------------------------

    /** A share of a range of independent items (e.g. streams), run on one thread. */
    @FunctionalInterface
    interface Part {
        /** Does items [from, to) with {@code k}, kernels that stay on the calling thread. */
        void run(int from, int to, Kernels k);
    }

    /**
     * Runs {@code body} over [0, count) cut into parts, in parallel where these kernels have
     * threads, and returns when all parts are done. {@code work} is the number of multiply-adds
     * per item, so that a range too small to pay for a hand-off stays on one thread. The cuts
     * depend only on count, work and the thread count, never on timing. Single-threaded kernels
     * run the whole range in the caller.
     */
    default void forEachPart(int count, long work, Part body) {
        body.run(0, count, this);
    }

}
