package dev.vecrnn.spi;

/**
 * Element-wise kernels over ranges of {@code float[]}, vectorized with the JDK Vector API where
 * it is available (and plain loops otherwise), for optimizers: the ones an {@link Optimizer} is
 * handed in {@link Optimizer#step} are those the model trains with. Every range is
 * {@code [offset, offset + n)}; arrays may be the same only where a method says so.
 *
 * <p>Three kinds: level-1 operations, building blocks from which most update rules can be written
 * in a few passes, and the four built-in rules as fused kernels. The built-in rules stay fused
 * because one pass reads each array once: Adam from the building blocks reads and writes ten
 * array passes instead of seven, which costs about 40 % on a parameter larger than the caches.
 */
public interface VectorOps {

    // ---- level 1 ----------------------------------------------------------------------

    /** Returns sum of a[ao+i]*b[bo+i] for i in [0, n). */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /** y[yo+i] += alpha * x[xo+i]. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** x[xo+i] *= alpha. */
    void scale(float alpha, float[] x, int xo, int n);

    /** Returns sum of x[xo+i]^2, accumulated in double. */
    double sumSquares(float[] x, int xo, int n);

    /** x[xo+i] = clamp(x[xo+i], -limit, limit). */
    void clip(float[] x, int xo, int n, float limit);

    /** z[i] += x[i] * y[i]. */
    void mulAdd(float[] x, int xo, float[] y, int yo, float[] z, int zo, int n);

    // ---- building blocks of update rules ------------------------------------------------

    /** Moving average: m[i] = beta*m[i] + (1-beta)*g[i]. */
    void movingAverage(float[] m, int mo, float[] g, int go, int n, float beta);

    /** Moving average of squares: v[i] = beta*v[i] + (1-beta)*g[i]*g[i]; beta = 1 adds the squares instead (v += g*g). */
    void movingSquareAverage(float[] v, int vo, float[] g, int go, int n, float beta);

    /** Scaled step: w[i] -= lr * num[i] / (sqrt(den[i]) + eps). */
    void rootScaledStep(float[] w, int wo, float[] num, int no, float[] den, int dOff, int n, float lr, float eps);

    // ---- the built-in rules, fused (exact formulas in each method) ----------------------
    //
    // Each in-place update is its block form with the gradient at the weights' offset.

    /** Adagrad: m += g*g; w -= lr * g / sqrt(m + eps). */
    default void adagrad(float[] w, float[] g, float[] m, int off, int n, float lr, float eps) {
        adagradBlock(w, m, off, g, off, n, lr, eps);
    }

    /** RMSProp: m = decay*m + (1-decay)*g*g; w -= lr * g / (sqrt(m) + eps). */
    default void rmsprop(float[] w, float[] g, float[] m, int off, int n, float lr, float decay, float eps) {
        rmspropBlock(w, m, off, g, off, n, lr, decay, eps);
    }

    /**
     * Adam with bias correction folded into the step: m = b1*m + (1-b1)*g;
     * v = b2*v + (1-b2)*g*g; w -= lrT * m / (sqrt(v) + epsT), where the caller passes
     * lrT = lr*sqrt(1-b2^t)/(1-b1^t) and epsT = eps*sqrt(1-b2^t) (so that this equals the
     * textbook m_hat / (sqrt(v_hat) + eps)); decoupled weight decay w -= lr*wd*w is applied first
     * when wdLr = lr*wd is non-zero.
     */
    default void adam(float[] w, float[] g, float[] m, float[] v, int off, int n,
                      float b1, float b2, float lrT, float epsT, float wdLr) {
        adamBlock(w, m, v, off, g, off, n, b1, b2, lrT, epsT, wdLr);
    }

    /** SGD with momentum: v = mu*v + g; w -= lr * (nesterov ? g + mu*v : v). With mu == 0 and v == null: w -= lr*g. */
    default void sgd(float[] w, float[] g, float[] v, int off, int n, float lr, float mu, boolean nesterov) {
        sgdBlock(w, v, off, g, off, n, lr, mu, nesterov);
    }

    // The same updates, bit for bit, with the gradient read at its own offset: the trainer's
    // fused output layer computes a block of rows of a gradient into a small buffer and updates
    // those rows of the weights and their state at once, so the whole gradient never exists.

    /** {@link #adagrad} of w and m at [off, off+n) from the gradient g[gOff, gOff+n). */
    void adagradBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float eps);

    /** {@link #rmsprop} of w and m at [off, off+n) from the gradient g[gOff, gOff+n). */
    void rmspropBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float decay, float eps);

    /** {@link #adam} of w, m and v at [off, off+n) from the gradient g[gOff, gOff+n). */
    void adamBlock(float[] w, float[] m, float[] v, int off, float[] g, int gOff, int n,
                   float b1, float b2, float lrT, float epsT, float wdLr);

    /** {@link #sgd} of w and v (may be null) at [off, off+n) from the gradient g[gOff, gOff+n). */
    void sgdBlock(float[] w, float[] v, int off, float[] g, int gOff, int n, float lr, float mu, boolean nesterov);
}
