package dev.vecrnn.internal.kernel;

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

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public void lstmForward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo,
                            float[] c, int co, float[] tc, int tco, float[] hOut, int ho) {
        for (int r = 0; r < rows; r++) {
            int gr = go + r * 4 * h;
            for (int j = 0; j < h; j++) {
                float i = sigmoid(gates[gr + j]);
                float f = sigmoid(gates[gr + h + j]);
                float o = sigmoid(gates[gr + 2 * h + j]);
                float g = (float) Math.tanh(gates[gr + 3 * h + j]);
                gates[gr + j] = i;
                gates[gr + h + j] = f;
                gates[gr + 2 * h + j] = o;
                gates[gr + 3 * h + j] = g;
                float cj = f * cPrev[cpo + r * h + j] + i * g;
                float t = (float) Math.tanh(cj);
                c[co + r * h + j] = cj;
                tc[tco + r * h + j] = t;
                hOut[ho + r * h + j] = o * t;
            }
        }
    }

    @Override
    public void lstmBackward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo, float[] tc, int tco,
                             float[] dh, int dho, float[] dc, int dco, float[] dGates, int dgo) {
        for (int r = 0; r < rows; r++) {
            int gr = go + r * 4 * h;
            int dr = dgo + r * 4 * h;
            for (int j = 0; j < h; j++) {
                float i = gates[gr + j];
                float f = gates[gr + h + j];
                float o = gates[gr + 2 * h + j];
                float g = gates[gr + 3 * h + j];
                float t = tc[tco + r * h + j];
                float d = dh[dho + r * h + j];
                float dcj = dc[dco + r * h + j] + d * o * (1f - t * t);
                dGates[dr + j] = dcj * g * (i * (1f - i));
                dGates[dr + h + j] = dcj * cPrev[cpo + r * h + j] * (f * (1f - f));
                dGates[dr + 2 * h + j] = d * t * (o * (1f - o));
                dGates[dr + 3 * h + j] = dcj * i * (1f - g * g);
                dc[dco + r * h + j] = dcj * f;
            }
        }
    }

    @Override
    public void gruForward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                           float[] hOut, int ho) {
        for (int r = 0; r < rows; r++) {
            int gr = go + r * 3 * h;
            int pr = hpo + r * 3 * h;
            for (int j = 0; j < h; j++) {
                float rj = sigmoid(gates[gr + j] + hp[pr + j]);
                float zj = sigmoid(gates[gr + h + j] + hp[pr + h + j]);
                float nj = (float) Math.tanh(gates[gr + 2 * h + j] + rj * hp[pr + 2 * h + j]);
                gates[gr + j] = rj;
                gates[gr + h + j] = zj;
                gates[gr + 2 * h + j] = nj;
                hOut[ho + r * h + j] = nj + zj * (hPrev[hpr + r * h + j] - nj);
            }
        }
    }

    @Override
    public void gruBackward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                            float[] dh, int dho, float[] dGates, int dgo, float[] dHp, int dhpo,
                            float[] dhPrev, int dhpr) {
        for (int r = 0; r < rows; r++) {
            int gr = go + r * 3 * h;
            int dr = dgo + r * 3 * h;
            int pr = hpo + r * 3 * h;
            int qr = dhpo + r * 3 * h;
            for (int j = 0; j < h; j++) {
                float rj = gates[gr + j];
                float zj = gates[gr + h + j];
                float nj = gates[gr + 2 * h + j];
                float d = dh[dho + r * h + j];
                float dz = d * (hPrev[hpr + r * h + j] - nj) * (zj * (1f - zj));
                float dhz = d * zj;
                float dn = (d - dhz) * (1f - nj * nj);
                float drj = dn * hp[pr + 2 * h + j] * (rj * (1f - rj));
                dGates[dr + j] = drj;
                dGates[dr + h + j] = dz;
                dGates[dr + 2 * h + j] = dn;
                dHp[qr + j] = drj;
                dHp[qr + h + j] = dz;
                dHp[qr + 2 * h + j] = dn * rj;
                if (dhPrev != null) {
                    dhPrev[dhpr + r * h + j] += dhz;
                }
            }
        }
    }

    // ---- building blocks of update rules -------------------------------------------------

    @Override
    public void movingAverage(float[] m, int mo, float[] g, int go, int n, float beta) {
        float rest = 1f - beta;
        for (int i = 0; i < n; i++) {
            m[mo + i] = beta * m[mo + i] + rest * g[go + i];
        }
    }

    @Override
    public void movingSquareAverage(float[] v, int vo, float[] g, int go, int n, float beta) {
        float rest = 1f - beta;
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            v[vo + i] = beta == 1f ? v[vo + i] + gi * gi : beta * v[vo + i] + rest * gi * gi;
        }
    }

    @Override
    public void rootScaledStep(float[] w, int wo, float[] num, int no, float[] den, int dOff, int n, float lr, float eps) {
        for (int i = 0; i < n; i++) {
            w[wo + i] -= lr * num[no + i] / ((float) Math.sqrt(den[dOff + i]) + eps);
        }
    }

    // ---- optimizer updates (the in-place ones are Kernels defaults over these) -----------

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

    @Override
    public void rnnForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o,
                                    float[] x, int xo, float[] y, int yo) {
        for (int t = 0; t < steps; t++) {
            float[] prev = t == 0 ? h0 : y;
            int po = t == 0 ? h0o : yo + (t - 1) * h;
            for (int j = 0; j < h; j++) {
                float acc = x[xo + t * h + j];
                for (int p = 0; p < h; p++) {
                    acc = Math.fma(prev[po + p], wT[wo + p * h + j], acc);
                }
                y[yo + t * h + j] = (float) Math.tanh(acc);
            }
        }
    }

    @Override
    public void rnnBackwardOneStream(int steps, int h, float[] w, int wo, float[] y, int yo,
                                     float[] d, int dOff, float[] dx, int dxo) {
        for (int t = steps - 1; t >= 0; t--) {
            int next = dxo + (t + 1) * h;
            for (int j = 0; j < h; j++) {
                float acc = d[dOff + t * h + j];
                if (t < steps - 1) {
                    for (int i = 0; i < h; i++) {
                        acc = Math.fma(dx[next + i], w[wo + i * h + j], acc);
                    }
                }
                float v = y[yo + t * h + j];
                dx[dxo + t * h + j] = acc * (1f - v * v);
            }
        }
    }

    @Override
    public void rowsTimesMatrix(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                float acc = c[co + r * n + j];
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ao + r * k + p], b[bo + p * n + j], acc);
                }
                c[co + r * n + j] = acc;
            }
        }
    }
}
