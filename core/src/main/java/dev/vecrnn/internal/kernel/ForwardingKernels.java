package dev.vecrnn.internal.kernel;

/**
 * Delegates every kernel to another; subclasses override the ones they change.
 *
 * <p>{@link #forEachPart} goes to the inner kernels too, so that a decorated
 * {@link ParallelKernels} still splits work across its threads; each part then runs on the inner
 * kernels' single-threaded part kernels, which {@link #decorate} wraps so that the part sees the
 * decorator's overrides as well. Every decorator has to say how (it is abstract), so none can
 * silently turn a parallel pass into one on the calling thread.
 */
public abstract class ForwardingKernels implements Kernels {

    protected final Kernels inner;

    protected ForwardingKernels(Kernels inner) {
        this.inner = inner;
    }

    /**
     * The kernels a part of {@link #forEachPart} runs on, given the single-threaded kernels the
     * inner kernels hand that part: this decorator's overrides around {@code partKernels}.
     */
    protected abstract Kernels decorate(Kernels partKernels);

    @Override
    public void forEachPart(int count, long work, Part body) {
        inner.forEachPart(count, work, (from, to, k) -> body.run(from, to, k == inner ? this : decorate(k)));
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        return inner.dot(a, ao, b, bo, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        inner.axpy(alpha, x, xo, y, yo, n);
    }

    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        inner.scale(alpha, x, xo, n);
    }

    @Override
    public double sumSquares(float[] x, int xo, int n) {
        return inner.sumSquares(x, xo, n);
    }

    @Override
    public void clip(float[] x, int xo, int n, float limit) {
        inner.clip(x, xo, n, limit);
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        inner.gemmNT(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        inner.gemmNN(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        inner.gemmTN(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
    }

    @Override
    public void gatherRows(float[] table, int cols, int[] ids, int idsOff, int count, float[] dst, int dstOff) {
        inner.gatherRows(table, cols, ids, idsOff, count, dst, dstOff);
    }

    @Override
    public void scatterAddRows(float[] src, int srcOff, int cols, int[] ids, int idsOff, int count, float[] table) {
        inner.scatterAddRows(src, srcOff, cols, ids, idsOff, count, table);
    }

    @Override
    public void addColumnSums(float[] x, int xo, int m, int n, int ldx, float[] y, int yo) {
        inner.addColumnSums(x, xo, m, n, ldx, y, yo);
    }

    @Override
    public void addRowVector(float[] y, int yo, float[] x, int xo, int m, int n, int ldx) {
        inner.addRowVector(y, yo, x, xo, m, n, ldx);
    }

    @Override
    public void tanh(float[] x, int xo, int n) {
        inner.tanh(x, xo, n);
    }

    @Override
    public void sigmoid(float[] x, int xo, int n) {
        inner.sigmoid(x, xo, n);
    }

    @Override
    public void tanhBackward(float[] y, int yo, float[] d, int dOff, int n) {
        inner.tanhBackward(y, yo, d, dOff, n);
    }

    @Override
    public void sigmoidBackward(float[] y, int yo, float[] d, int dOff, int n) {
        inner.sigmoidBackward(y, yo, d, dOff, n);
    }

    @Override
    public void mulAdd(float[] x, int xo, float[] y, int yo, float[] z, int zo, int n) {
        inner.mulAdd(x, xo, y, yo, z, zo, n);
    }

    @Override
    public float softmax(float[] x, int xo, int n) {
        return inner.softmax(x, xo, n);
    }

    @Override
    public void transpose(int rows, int cols, float[] a, int ao, int lda, float[] t, int to, int ldt) {
        inner.transpose(rows, cols, a, ao, lda, t, to, ldt);
    }

    @Override
    public void lstmForward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo,
                            float[] c, int co, float[] tc, int tco, float[] hOut, int ho) {
        inner.lstmForward(rows, h, gates, go, cPrev, cpo, c, co, tc, tco, hOut, ho);
    }

    @Override
    public void lstmBackward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo, float[] tc, int tco,
                             float[] dh, int dho, float[] dc, int dco, float[] dGates, int dgo) {
        inner.lstmBackward(rows, h, gates, go, cPrev, cpo, tc, tco, dh, dho, dc, dco, dGates, dgo);
    }

    @Override
    public void gruForward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                           float[] hOut, int ho) {
        inner.gruForward(rows, h, gates, go, hp, hpo, hPrev, hpr, hOut, ho);
    }

    @Override
    public void gruBackward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                            float[] dh, int dho, float[] dGates, int dgo, float[] dHp, int dhpo,
                            float[] dhPrev, int dhpr) {
        inner.gruBackward(rows, h, gates, go, hp, hpo, hPrev, hpr, dh, dho, dGates, dgo, dHp, dhpo, dhPrev, dhpr);
    }

    @Override
    public void movingAverage(float[] m, int mo, float[] g, int go, int n, float beta) {
        inner.movingAverage(m, mo, g, go, n, beta);
    }

    @Override
    public void movingSquareAverage(float[] v, int vo, float[] g, int go, int n, float beta) {
        inner.movingSquareAverage(v, vo, g, go, n, beta);
    }

    @Override
    public void rootScaledStep(float[] w, int wo, float[] num, int no, float[] den, int dOff, int n, float lr, float eps) {
        inner.rootScaledStep(w, wo, num, no, den, dOff, n, lr, eps);
    }

    @Override
    public void adagradBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float eps) {
        inner.adagradBlock(w, m, off, g, gOff, n, lr, eps);
    }

    @Override
    public void rmspropBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float decay, float eps) {
        inner.rmspropBlock(w, m, off, g, gOff, n, lr, decay, eps);
    }

    @Override
    public void adamBlock(float[] w, float[] m, float[] v, int off, float[] g, int gOff, int n,
                          float b1, float b2, float lrT, float epsT, float wdLr) {
        inner.adamBlock(w, m, v, off, g, gOff, n, b1, b2, lrT, epsT, wdLr);
    }

    @Override
    public void sgdBlock(float[] w, float[] v, int off, float[] g, int gOff, int n, float lr, float mu, boolean nesterov) {
        inner.sgdBlock(w, v, off, g, gOff, n, lr, mu, nesterov);
    }

    @Override
    public void rnnForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o,
                                    float[] x, int xo, float[] y, int yo) {
        inner.rnnForwardOneStream(steps, h, wT, wo, h0, h0o, x, xo, y, yo);
    }

    @Override
    public void rnnBackwardOneStream(int steps, int h, float[] w, int wo, float[] y, int yo,
                                     float[] d, int dOff, float[] dx, int dxo) {
        inner.rnnBackwardOneStream(steps, h, w, wo, y, yo, d, dOff, dx, dxo);
    }

    @Override
    public void rowsTimesMatrix(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        inner.rowsTimesMatrix(m, n, k, a, ao, b, bo, c, co);
    }

    @Override
    public void lstmForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o, float[] c0, int c0o,
                                     float[] gates, int go, float[] c, int co, float[] tc, int tco, float[] y, int yo) {
        inner.lstmForwardOneStream(steps, h, wT, wo, h0, h0o, c0, c0o, gates, go, c, co, tc, tco, y, yo);
    }

    @Override
    public void lstmBackwardOneStream(int steps, int h, float[] w, int wo, float[] gates, int go, float[] c0, int c0o,
                                      float[] c, int co, float[] tc, int tco, float[] dh, int dho, float[] dc, int dco,
                                      float[] dGates, int dgo) {
        inner.lstmBackwardOneStream(steps, h, w, wo, gates, go, c0, c0o, c, co, tc, tco, dh, dho, dc, dco, dGates, dgo);
    }

    @Override
    public void gruForwardOneStream(int steps, int h, float[] wT, int wo, float[] bhn, int bo, float[] h0, int h0o,
                                    float[] gates, int go, float[] hp, int hpo, float[] y, int yo) {
        inner.gruForwardOneStream(steps, h, wT, wo, bhn, bo, h0, h0o, gates, go, hp, hpo, y, yo);
    }

    @Override
    public void gruBackwardOneStream(int steps, int h, float[] w, int wo, float[] gates, int go, float[] hp, int hpo,
                                     float[] h0, int h0o, float[] y, int yo, float[] dh, int dho,
                                     float[] dGates, int dgo, float[] dHp, int dhpo) {
        inner.gruBackwardOneStream(steps, h, w, wo, gates, go, hp, hpo, h0, h0o, y, yo, dh, dho, dGates, dgo, dHp, dhpo);
    }
}
