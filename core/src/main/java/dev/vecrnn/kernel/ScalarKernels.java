package dev.vecrnn.kernel;

/** Plain loops: the reference every other implementation is tested against. Always available. */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            x[xo + i] *= alpha;
        }
    }

    @Override
    public double sumSquares(float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[xo + i];
            s += v * v;
        }
        return s;
    }

    @Override
    public void clip(float[] x, int xo, int n, float limit) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            x[xo + i] = v > limit ? limit : (v < -limit ? -limit : v);
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[co + i * ldc + j] += dot(a, ao + i * lda, b, bo + j * ldb, k);
            }
        }
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                axpy(a[ao + i * lda + p], b, bo + p * ldb, c, co + i * ldc, n);
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc) {
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                axpy(a[ao + p * lda + i], b, bo + p * ldb, c, co + i * ldc, n);
            }
        }
    }

    @Override
    public void gatherRows(float[] table, int cols, int[] ids, int idsOff, int count, float[] dst, int dstOff) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(table, ids[idsOff + r] * cols, dst, dstOff + r * cols, cols);
        }
    }

    @Override
    public void scatterAddRows(float[] src, int srcOff, int cols, int[] ids, int idsOff, int count, float[] table) {
        for (int r = 0; r < count; r++) {
            axpy(1f, src, srcOff + r * cols, table, ids[idsOff + r] * cols, cols);
        }
    }

    @Override
    public void addColumnSums(float[] x, int xo, int m, int n, int ldx, float[] y, int yo) {
        for (int r = 0; r < m; r++) {
            axpy(1f, x, xo + r * ldx, y, yo, n);
        }
    }

    @Override
    public void addRowVector(float[] y, int yo, float[] x, int xo, int m, int n, int ldx) {
        for (int r = 0; r < m; r++) {
            axpy(1f, y, yo, x, xo + r * ldx, n);
        }
    }

    @Override
    public void tanh(float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            x[xo + i] = (float) Math.tanh(x[xo + i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            x[xo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i])));
        }
    }

    @Override
    public void tanhBackward(float[] y, int yo, float[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            d[dOff + i] *= 1f - v * v;
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yo, float[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            d[dOff + i] *= v * (1f - v);
        }
    }

    @Override
    public void mulAdd(float[] x, int xo, float[] y, int yo, float[] z, int zo, int n) {
        for (int i = 0; i < n; i++) {
            z[zo + i] += x[xo + i] * y[yo + i];
        }
    }

    @Override
    public float softmax(float[] x, int xo, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xo + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - max);
            x[xo + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[xo + i] *= inv;
        }
        return (float) Math.log(sum) + max;
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] m, int off, int n, float lr, float eps) {
        adagradBlock(w, m, off, g, off, n, lr, eps);
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] m, int off, int n, float lr, float decay, float eps) {
        rmspropBlock(w, m, off, g, off, n, lr, decay, eps);
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int off, int n,
                     float b1, float b2, float lrT, float epsT, float wdLr) {
        adamBlock(w, m, v, off, g, off, n, b1, b2, lrT, epsT, wdLr);
    }

    @Override
    public void sgd(float[] w, float[] g, float[] v, int off, int n, float lr, float mu, boolean nesterov) {
        sgdBlock(w, v, off, g, off, n, lr, mu, nesterov);
    }

    // ---- optimizer updates from a gradient held apart -----------------------------------

    @Override
    public void adagradBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float eps) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float mi = m[off + i] + gi * gi;
            m[off + i] = mi;
            w[off + i] -= lr * gi / (float) Math.sqrt(mi + eps);
        }
    }

    @Override
    public void rmspropBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float decay, float eps) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float mi = decay * m[off + i] + (1f - decay) * gi * gi;
            m[off + i] = mi;
            w[off + i] -= lr * gi / ((float) Math.sqrt(mi) + eps);
        }
    }

    @Override
    public void adamBlock(float[] w, float[] m, float[] v, int off, float[] g, int gOff, int n,
                          float b1, float b2, float lrT, float epsT, float wdLr) {
        for (int i = 0; i < n; i++) {
            int j = off + i;
            float gi = g[gOff + i];
            float wi = w[j];
            if (wdLr != 0f) {
                wi -= wdLr * wi;
            }
            float mi = b1 * m[j] + (1f - b1) * gi;
            float vi = b2 * v[j] + (1f - b2) * gi * gi;
            m[j] = mi;
            v[j] = vi;
            w[j] = wi - lrT * mi / ((float) Math.sqrt(vi) + epsT);
        }
    }

    @Override
    public void sgdBlock(float[] w, float[] v, int off, float[] g, int gOff, int n, float lr, float mu, boolean nesterov) {
        if (v == null) {
            for (int i = 0; i < n; i++) {
                w[off + i] -= lr * g[gOff + i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int j = off + i;
            float gi = g[gOff + i];
            float vi = mu * v[j] + gi;
            v[j] = vi;
            w[j] -= lr * (nesterov ? gi + mu * vi : vi);
        }
    }
}
