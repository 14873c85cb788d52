package dev.vecrnn.internal.kernel;

import dev.vecrnn.api.VecrnnException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecrnn.internal.kernel.vector.VectorKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of {@link VectorKernels} (each width) against {@link ScalarKernels}, on odd sizes,
 * offsets and leading dimensions, with random data from fixed seeds; {@link ParallelKernels}
 * against one thread; {@link KernelsLoader#choose}.
 *
 * <p>Matrices sit inside arrays with unused elements (before the offset, between rows, after
 * the end). In the factors these are NaN: a kernel that lets a lane it does not own into a
 * result shows up as NaN. In C they hold a sentinel that any stray write or add would change.
 * Some arrays end exactly at the last element, so that whole-vector loads past the end would
 * fall off the array.
 */
class KernelsConsistencyTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final int[] SIZES = {1, 3, 7, 15, 16, 17, 31, 33, 100, 257};
    private static final List<ParallelKernels> POOLS = new ArrayList<>();

    static Stream<Kernels> vectorKernels() {
        return Stream.of(new VectorKernels(), new VectorKernels(128), new VectorKernels(256), new VectorKernels(512));
    }

    @AfterAll
    static void closePools() {
        POOLS.forEach(ParallelKernels::close);
    }

    // ---- data -------------------------------------------------------------------------

    /** Filler of the unused elements of C: any write or add there changes it. */
    private static final float SENTINEL = -7777.25f;

    /** A rows x cols matrix at offset off with leading dimension ld; everything else {@code gap}. */
    private static final class Mat {
        final float[] data;
        final int off;
        final int ld;
        final int rows;
        final int cols;

        Mat(Random rnd, int rows, int cols, int off, int extraLd, int slack, float scale) {
            this(rnd, rows, cols, off, extraLd, slack, scale, Float.NaN);
        }

        Mat(Random rnd, int rows, int cols, int off, int extraLd, int slack, float scale, float gap) {
            this.rows = rows;
            this.cols = cols;
            this.off = off;
            this.ld = cols + extraLd;
            this.data = new float[rows == 0 ? off + slack : off + (rows - 1) * ld + cols + slack];
            Arrays.fill(data, gap);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    data[off + r * ld + c] = (rnd.nextFloat() * 2 - 1) * scale;
                }
            }
        }

        float get(int r, int c) {
            return data[off + r * ld + c];
        }
    }

    private static float[] randomArray(Random rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    /** Offsets and leading dimensions to try: none, and awkward ones; slack 0 = ends with the array. */
    private static int[][] layouts() {
        return new int[][] {{0, 0, 0}, {5, 3, 0}, {1, 17, 2}, {3, 1, 40}};
    }

    // ---- checks -------------------------------------------------------------------------

    /** |expected - actual| <= rel * scale + abs for each element; NaN only where expected is NaN. */
    private static void assertClose(float[] expected, float[] actual, double[] scale, double rel, double abs, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    fail(what + ": element " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            double tol = rel * (scale == null ? Math.abs(e) : scale[i]) + abs;
            if (!(Math.abs(e - a) <= tol)) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (tolerance " + tol + ")");
            }
        }
    }

    // ---- level 1 ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void levelOne(Kernels k) {
        Random rnd = new Random(11);
        for (int n : new int[] {0, 1, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257, 1000}) {
            for (int off : new int[] {0, 3}) {
                float[] x = randomArray(rnd, off + n + 5, 2);
                float[] y = randomArray(rnd, off + n + 2, 2);
                String at = k.name() + " n=" + n + " off=" + off;

                double absSum = 0;
                for (int i = 0; i < n; i++) {
                    absSum += Math.abs(x[off + i] * y[1 + i]);
                }
                assertEquals(SCALAR.dot(x, off, y, 1, n), k.dot(x, off, y, 1, n), 1e-6 * absSum + 1e-30, "dot " + at);

                float[] ys = y.clone();
                float[] yv = y.clone();
                SCALAR.axpy(0.7f, x, off, ys, 1, n);
                k.axpy(0.7f, x, off, yv, 1, n);
                assertClose(ys, yv, null, 3e-7, 1e-7, "axpy " + at);

                float[] xs = x.clone();
                float[] xv = x.clone();
                SCALAR.scale(-1.3f, xs, off, n);
                k.scale(-1.3f, xv, off, n);
                assertArrayEquals(xs, xv, "scale " + at);

                double ss = SCALAR.sumSquares(x, off, n);
                assertEquals(ss, k.sumSquares(x, off, n), 1e-12 * ss, "sumSquares " + at);

                xs = x.clone();
                xv = x.clone();
                xs[off] = Float.NaN;
                xv[off] = Float.NaN;
                SCALAR.clip(xs, off, n, 0.5f);
                k.clip(xv, off, n, 0.5f);
                assertArrayEquals(xs, xv, "clip " + at);
            }
        }
    }

    // ---- gemm ---------------------------------------------------------------------------

    private enum Op { NT, NN, TN }

    /** The shapes: each size in every position, with awkward partners, and the real shapes. */
    private static List<int[]> gemmShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int s : SIZES) {
            shapes.add(new int[] {s, 17, 33});
            shapes.add(new int[] {7, s, 31});
            shapes.add(new int[] {15, 33, s});
            shapes.add(new int[] {s, s, 16});
        }
        shapes.add(new int[] {1, 100, 100});
        shapes.add(new int[] {25, 65, 100});
        shapes.add(new int[] {25, 100, 65});
        shapes.add(new int[] {65, 100, 25});
        shapes.add(new int[] {8, 129, 3});
        shapes.add(new int[] {9, 7, 200});
        shapes.add(new int[] {33, 257, 1});
        shapes.add(new int[] {4, 3, 0});
        // rows of 5 to 7 vectors (4, 8 or 16 lanes), alone (fewer than 4 rows) and after blocks of 4
        for (int n : new int[] {20, 23, 28, 40, 45, 56, 80, 90, 112}) {
            shapes.add(new int[] {3, n, 70});
            shapes.add(new int[] {6, n, 70});
        }
        return shapes;
    }

    /** Runs C += op(A, B) with the given layouts; returns {scalar C, kernel C, |terms| sums}. */
    private static void checkGemm(Kernels k, Op op, int m, int n, int kk, int[] la, int[] lb, int[] lc, long seed) {
        Random rnd = new Random(seed);
        Mat a = op == Op.TN ? new Mat(rnd, kk, m, la[0], la[1], la[2], 1)
                : new Mat(rnd, m, kk, la[0], la[1], la[2], 1);
        Mat b = op == Op.NT ? new Mat(rnd, n, kk, lb[0], lb[1], lb[2], 1)
                : new Mat(rnd, kk, n, lb[0], lb[1], lb[2], 1);
        Mat c = new Mat(rnd, m, n, lc[0], lc[1], lc[2], 1, SENTINEL);
        float[] cs = c.data.clone();
        float[] cv = c.data.clone();
        run(SCALAR, op, m, n, kk, a, b, cs, c);
        run(k, op, m, n, kk, a, b, cv, c);
        double[] scale = new double[cs.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = Math.abs(c.get(i, j));
                for (int p = 0; p < kk; p++) {
                    float x = op == Op.TN ? a.get(p, i) : a.get(i, p);
                    float y = op == Op.NT ? b.get(j, p) : b.get(p, j);
                    s += Math.abs((double) x * y);
                }
                scale[c.off + i * c.ld + j] = s;
            }
        }
        String what = k.name() + " gemm" + op + " " + m + "x" + n + "x" + kk + " layouts " + Arrays.toString(la)
                + Arrays.toString(lb) + Arrays.toString(lc);
        // float sums of kk terms in another order: a few ulps of the sum of magnitudes
        assertClose(cs, cv, scale, 4e-7 * Math.sqrt(kk + 1) + 2e-7, 1e-30, what);
    }

    private static void run(Kernels k, Op op, int m, int n, int kk, Mat a, Mat b, float[] cData, Mat c) {
        switch (op) {
            case NT:
                k.gemmNT(m, n, kk, a.data, a.off, a.ld, b.data, b.off, b.ld, cData, c.off, c.ld);
                break;
            case NN:
                k.gemmNN(m, n, kk, a.data, a.off, a.ld, b.data, b.off, b.ld, cData, c.off, c.ld);
                break;
            default:
                k.gemmTN(m, n, kk, a.data, a.off, a.ld, b.data, b.off, b.ld, cData, c.off, c.ld);
                break;
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void gemm(Kernels k) {
        int[][] layouts = layouts();
        long seed = 1;
        for (Op op : Op.values()) {
            for (int[] s : gemmShapes()) {
                for (int l = 0; l < layouts.length; l++) {
                    // rotate the layouts so that A, B and C each see every one
                    checkGemm(k, op, s[0], s[1], s[2], layouts[l], layouts[(l + 1) % layouts.length],
                            layouts[(l + 2) % layouts.length], seed++);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void gemmOnOddSizes(Kernels k) {
        // each size in each position with random partners: primes, vector widths +- 1, tile
        // edges (4 and 8 rows, 1 to 4 vectors), in every layout
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 19, 23, 29, 31, 32, 33, 37, 41, 43, 47, 48,
            49, 53, 59, 61, 63, 64, 65, 67, 70};
        int[][] layouts = layouts();
        Random pick = new Random(21);
        long seed = 500;
        for (Op op : Op.values()) {
            for (int s : sizes) {
                for (int position = 0; position < 3; position++) {
                    int[] shape = {sizes[pick.nextInt(sizes.length)], sizes[pick.nextInt(sizes.length)],
                        sizes[pick.nextInt(sizes.length)]};
                    shape[position] = s;
                    int l = pick.nextInt(layouts.length);
                    checkGemm(k, op, shape[0], shape[1], shape[2], layouts[l], layouts[(l + 1) % layouts.length],
                            layouts[(l + 2) % layouts.length], seed++);
                }
            }
        }
        // several blocks of k, of rows of C and of packed columns, with ragged ends
        int[][] large = {{9, 600, 300}, {61, 1100, 129}, {300, 20, 260}, {130, 33, 517}, {47, 2, 700}, {49, 70, 257},
            {700, 45, 300}, {2, 1030, 130},
            // gemmNT's micro-panels (32 rows, 16 vectors and 32 steps of k up), ragged rows and columns
            {67, 300, 45}, {38, 1300, 600}};
        for (Op op : Op.values()) {
            for (int[] s : large) {
                checkGemm(k, op, s[0], s[1], s[2], layouts[1], layouts[2], layouts[3], seed++);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void gemmOnRealShapes(Kernels k) {
        // also a share of a batch-50 step (the recurrence split over threads)
        int[][] shapes = {{25, 4500, 200}, {50, 512, 128}, {250, 65, 128}, {2, 3000, 120}, {25, 512, 128},
                {3, 384, 128}, {17, 128, 512}};
        int[] packed = {0, 0, 0};
        long seed = 100;
        for (Op op : Op.values()) {
            for (int[] s : shapes) {
                checkGemm(k, op, s[0], s[1], s[2], packed, packed, packed, seed++);
            }
        }
    }

    // ---- parallel -----------------------------------------------------------------------

    static Stream<Arguments> parallelCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels inner : new Kernels[] {SCALAR, new VectorKernels(), new VectorKernels(256)}) {
            for (int threads : new int[] {2, 3}) {
                ParallelKernels p = new ParallelKernels(inner, threads);
                POOLS.add(p);
                cases.add(Arguments.of(inner, p));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("parallelCases")
    void parallelIsBitIdenticalToOneThread(Kernels inner, ParallelKernels parallel) {
        // large enough to be split: n >= m (columns), m > n (rows), m small (gemmNN by columns)
        int[][] shapes = {{25, 4500, 200}, {37, 1003, 77}, {2500, 65, 128}, {501, 130, 67}, {3, 20000, 100},
                {1, 30000, 100}};
        long seed = 7;
        for (Op op : Op.values()) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int kk = s[2];
                Random rnd = new Random(seed++);
                Mat a = op == Op.TN ? new Mat(rnd, kk, m, 3, 1, 0, 1) : new Mat(rnd, m, kk, 3, 1, 0, 1);
                Mat b = op == Op.NT ? new Mat(rnd, n, kk, 0, 0, 0, 1) : new Mat(rnd, kk, n, 0, 0, 0, 1);
                Mat c = new Mat(rnd, m, n, 1, 5, 0, 1, SENTINEL);
                float[] one = c.data.clone();
                float[] many = c.data.clone();
                run(inner, op, m, n, kk, a, b, one, c);
                run(parallel, op, m, n, kk, a, b, many, c);
                assertArrayEquals(one, many, parallel.name() + " gemm" + op + " " + Arrays.toString(s));
            }
        }
        // the bias passes over a chunk's gates: big enough to be split, odd widths
        for (int[] s : new int[][] {{2500, 512}, {1001, 385}, {3000, 67}}) {
            Random rnd = new Random(seed++);
            Mat x = new Mat(rnd, s[0], s[1], 2, 3, 0, 1);
            float[] y = randomArray(rnd, s[1] + 1, 1);
            float[] one = y.clone();
            float[] many = y.clone();
            inner.addColumnSums(x.data, x.off, s[0], s[1], x.ld, one, 1);
            parallel.addColumnSums(x.data, x.off, s[0], s[1], x.ld, many, 1);
            assertArrayEquals(one, many, parallel.name() + " addColumnSums " + Arrays.toString(s));
            float[] xOne = x.data.clone();
            float[] xMany = x.data.clone();
            inner.addRowVector(y, 1, xOne, x.off, s[0], s[1], x.ld);
            parallel.addRowVector(y, 1, xMany, x.off, s[0], s[1], x.ld);
            assertArrayEquals(xOne, xMany, parallel.name() + " addRowVector " + Arrays.toString(s));
        }
    }

    // ---- rows of a table ----------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void rows(Kernels k) {
        Random rnd = new Random(5);
        for (int cols : new int[] {1, 7, 16, 33, 100, 257}) {
            int tableRows = 11;
            float[] table = randomArray(rnd, tableRows * cols, 1);
            int[] ids = {0, 3, 3, 10, 7, 3, 1};
            int count = 6;
            String at = k.name() + " cols=" + cols;

            float[] ds = randomArray(rnd, 2 + count * cols, 1);
            float[] dv = ds.clone();
            SCALAR.gatherRows(table, cols, ids, 1, count, ds, 2);
            k.gatherRows(table, cols, ids, 1, count, dv, 2);
            assertArrayEquals(ds, dv, "gatherRows " + at);

            float[] src = randomArray(rnd, 4 + count * cols, 1);
            float[] ts = table.clone();
            float[] tv = table.clone();
            SCALAR.scatterAddRows(src, 4, cols, ids, 1, count, ts);
            k.scatterAddRows(src, 4, cols, ids, 1, count, tv);
            assertArrayEquals(ts, tv, "scatterAddRows (repeated ids) " + at);

            // 700 rows: more than one block of rows of the vector addColumnSums
            for (int m : new int[] {1, 5, 26, 700}) {
                Mat x = new Mat(rnd, m, cols, 2, 3, 0, 1);
                float[] ys = randomArray(rnd, cols + 1, 1);
                float[] yv = ys.clone();
                SCALAR.addColumnSums(x.data, x.off, m, cols, x.ld, ys, 1);
                k.addColumnSums(x.data, x.off, m, cols, x.ld, yv, 1);
                assertArrayEquals(ys, yv, "addColumnSums m=" + m + " " + at);

                float[] xs = x.data.clone();
                float[] xv = x.data.clone();
                SCALAR.addRowVector(ys, 1, xs, x.off, m, cols, x.ld);
                k.addRowVector(ys, 1, xv, x.off, m, cols, x.ld);
                assertArrayEquals(xs, xv, "addRowVector m=" + m + " " + at);
            }
        }
    }

    // ---- elementwise --------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void elementwise(Kernels k) {
        Random rnd = new Random(3);
        for (int n : new int[] {0, 1, 3, 15, 16, 17, 33, 100, 257, 1001}) {
            for (int off : new int[] {0, 5}) {
                String at = k.name() + " n=" + n + " off=" + off;
                float[] x = randomArray(rnd, off + n + 3, 12);
                if (n > 2) {
                    x[off] = 95f;      // exp(-x) underflows, exp(x) would overflow
                    x[off + 1] = -95f;
                }
                float[] xs = x.clone();
                float[] xv = x.clone();
                SCALAR.tanh(xs, off, n);
                k.tanh(xv, off, n);
                assertClose(xs, xv, null, 2e-6, 1e-7, "tanh " + at);

                xs = x.clone();
                xv = x.clone();
                SCALAR.sigmoid(xs, off, n);
                k.sigmoid(xv, off, n);
                assertClose(xs, xv, null, 2e-6, 1e-7, "sigmoid " + at);

                float[] y = randomArray(rnd, off + n + 3, 1);
                float[] ds = randomArray(rnd, n + 1, 1);
                float[] dv = ds.clone();
                SCALAR.tanhBackward(y, off, ds, 1, n);
                k.tanhBackward(y, off, dv, 1, n);
                assertArrayEquals(ds, dv, "tanhBackward " + at);

                dv = ds.clone();
                float[] ds2 = ds.clone();
                SCALAR.sigmoidBackward(y, off, ds2, 1, n);
                k.sigmoidBackward(y, off, dv, 1, n);
                assertArrayEquals(ds2, dv, "sigmoidBackward " + at);

                float[] zs = randomArray(rnd, n + 2, 1);
                float[] zv = zs.clone();
                SCALAR.mulAdd(x, off, y, off, zs, 2, n);
                k.mulAdd(x, off, y, off, zv, 2, n);
                double[] scale = new double[zs.length];
                for (int i = 0; i < n; i++) {
                    scale[2 + i] = Math.abs(zs[2 + i]) + Math.abs(x[off + i] * y[off + i]);
                }
                assertClose(zs, zv, scale, 3e-7, 1e-30, "mulAdd " + at);

                if (n > 0) {
                    xs = x.clone();
                    xv = x.clone();
                    float rs = SCALAR.softmax(xs, off, n);
                    float rv = k.softmax(xv, off, n);
                    assertClose(xs, xv, null, 3e-6, 1e-9, "softmax " + at);
                    assertEquals(rs, rv, 2e-6 * Math.max(1, Math.abs(rs)), "softmax log-sum " + at);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void softmaxOfHugeValuesDoesNotOverflow(Kernels k) {
        for (int n : new int[] {1, 5, 16, 33, 100}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = 1e4f + (i % 3);
            }
            x[n / 2] = 1e4f + 5;
            float[] original = x.clone();
            float logSum = k.softmax(x, 0, n);
            double total = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(Float.isFinite(x[i]) && x[i] >= 0 && x[i] <= 1, k.name() + " softmax[" + i + "] = " + x[i]);
                total += x[i];
                // log-probability recovered from the returned value
                assertEquals(Math.log(x[i]), original[i] - logSum, 1e-3, k.name() + " log p[" + i + "]");
            }
            assertEquals(1.0, total, 1e-5, k.name() + " softmax sums to 1, n=" + n);
            assertTrue(Float.isFinite(logSum) && logSum >= 1e4f + 5, k.name() + " logSum " + logSum);
        }
        float[] neg = {-1e4f, -1e4f - 1, -1e4f + 2};
        float logSum = k.softmax(neg, 0, neg.length);
        assertTrue(Float.isFinite(logSum), k.name() + " huge negative values");
        assertEquals(1.0, neg[0] + neg[1] + neg[2], 1e-5);
    }

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void softmaxOfAVocabularyRowMatchesDoublePrecision(Kernels k) {
        // 45,000 logits: the scalar kernels' float sum drifts by ~1e-5 here, so check against double
        int n = 45_000;
        Random rnd = new Random(21);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 3);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        float[] y = x.clone();
        float logSum = k.softmax(y, 0, n);
        assertEquals(Math.log(sum) + max, logSum, 1e-5 * Math.abs(Math.log(sum) + max), k.name() + " log-sum");
        for (int i = 0; i < n; i++) {
            double expected = Math.exp(x[i] - max) / sum;
            assertEquals(expected, y[i], 1e-5 * expected, k.name() + " softmax[" + i + "]");
        }
    }

    // ---- optimizer updates: same operations in the same order, so bit-identical ---------

    @ParameterizedTest
    @MethodSource("vectorKernels")
    void optimizerUpdatesAreBitIdentical(Kernels k) {
        Random rnd = new Random(9);
        for (int n : new int[] {1, 7, 16, 17, 33, 100, 257}) {
            int off = 3;
            int len = off + n + 4;
            float[] w = randomArray(rnd, len, 1);
            float[] g = randomArray(rnd, len, 1);
            float[] m = randomArray(rnd, len, 1);
            float[] v = randomArray(rnd, len, 1);
            for (int i = 0; i < len; i++) {
                m[i] = Math.abs(m[i]);
                v[i] = Math.abs(v[i]);
            }
            String at = k.name() + " n=" + n;

            float[][] s = {w.clone(), m.clone()};
            float[][] t = {w.clone(), m.clone()};
            SCALAR.adagrad(s[0], g, s[1], off, n, 0.1f, 1e-8f);
            k.adagrad(t[0], g, t[1], off, n, 0.1f, 1e-8f);
            assertArrayEquals(s[0], t[0], "adagrad w " + at);
            assertArrayEquals(s[1], t[1], "adagrad m " + at);

            s = new float[][] {w.clone(), m.clone()};
            t = new float[][] {w.clone(), m.clone()};
            SCALAR.rmsprop(s[0], g, s[1], off, n, 0.01f, 0.9f, 1e-8f);
            k.rmsprop(t[0], g, t[1], off, n, 0.01f, 0.9f, 1e-8f);
            assertArrayEquals(s[0], t[0], "rmsprop w " + at);
            assertArrayEquals(s[1], t[1], "rmsprop m " + at);

            for (float wdLr : new float[] {0f, 1e-3f}) {
                s = new float[][] {w.clone(), m.clone(), v.clone()};
                t = new float[][] {w.clone(), m.clone(), v.clone()};
                SCALAR.adam(s[0], g, s[1], s[2], off, n, 0.9f, 0.999f, 0.003f, 1e-8f, wdLr);
                k.adam(t[0], g, t[1], t[2], off, n, 0.9f, 0.999f, 0.003f, 1e-8f, wdLr);
                for (int q = 0; q < 3; q++) {
                    assertArrayEquals(s[q], t[q], "adam[" + q + "] wd=" + wdLr + " " + at);
                }
            }

            for (boolean nesterov : new boolean[] {false, true}) {
                s = new float[][] {w.clone(), v.clone()};
                t = new float[][] {w.clone(), v.clone()};
                SCALAR.sgd(s[0], g, s[1], off, n, 0.05f, 0.9f, nesterov);
                k.sgd(t[0], g, t[1], off, n, 0.05f, 0.9f, nesterov);
                assertArrayEquals(s[0], t[0], "sgd w nesterov=" + nesterov + " " + at);
                assertArrayEquals(s[1], t[1], "sgd v nesterov=" + nesterov + " " + at);
            }
            float[] ws = w.clone();
            float[] wv = w.clone();
            SCALAR.sgd(ws, g, null, off, n, 0.05f, 0f, false);
            k.sgd(wv, g, null, off, n, 0.05f, 0f, false);
            assertArrayEquals(ws, wv, "plain sgd " + at);
        }
    }

    // ---- construction and loading -------------------------------------------------------

    @Test
    void widthsAreHonoured() {
        for (int bits : new int[] {128, 256, 512}) {
            VectorKernels k = new VectorKernels(bits);
            assertEquals(bits, k.bits());
            assertEquals("vector(" + bits + " bit)", k.name());
        }
        assertThrows(IllegalArgumentException.class, () -> new VectorKernels(100));
        assertTrue(new VectorKernels().name().startsWith("vector("));
    }

    @Test
    void loaderChoosesAsTold() {
        assertTrue(KernelsLoader.vectorAvailable(), "the tests run with --add-modules jdk.incubator.vector");
        assertTrue(KernelsLoader.choose("scalar") instanceof ScalarKernels);
        assertTrue(KernelsLoader.choose(" Scalar ") instanceof ScalarKernels);
        assertTrue(KernelsLoader.choose("vector") instanceof VectorKernels);
        assertTrue(KernelsLoader.choose("VECTOR") instanceof VectorKernels);
        assertTrue(KernelsLoader.choose("auto") instanceof VectorKernels);
        assertTrue(KernelsLoader.choose("") instanceof VectorKernels);
        assertThrows(dev.vecrnn.api.VecrnnException.class, () -> KernelsLoader.choose("gpu"));
    }

    @Test
    void loaderHonoursTheWidthProperty() {
        String old = System.getProperty(KernelsLoader.BITS_PROPERTY);
        try {
            System.setProperty(KernelsLoader.BITS_PROPERTY, "256");
            assertEquals("vector(256 bit)", KernelsLoader.choose("vector").name());
            System.setProperty(KernelsLoader.BITS_PROPERTY, " 128 ");
            assertEquals("vector(128 bit)", KernelsLoader.choose("auto").name());
            System.setProperty(KernelsLoader.BITS_PROPERTY, "many");
            assertThrows(dev.vecrnn.api.VecrnnException.class, () -> KernelsLoader.choose("vector"));
            System.setProperty(KernelsLoader.BITS_PROPERTY, "100");
            RuntimeException e = assertThrows(RuntimeException.class, () -> KernelsLoader.choose("vector"));
            assertFalse(e.getMessage().isEmpty());
        } finally {
            if (old == null) {
                System.clearProperty(KernelsLoader.BITS_PROPERTY);
            } else {
                System.setProperty(KernelsLoader.BITS_PROPERTY, old);
            }
        }
    }

    @Test
    void parallelScalarMatchesScalarOnASmallCase() {
        // sanity of the test harness itself: identical kernels agree exactly
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = new float[4];
        SCALAR.gemmNN(2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }

    // ---- optimizer updates from a gradient held apart, and parts on the pool ------------

    static Stream<Kernels> allKernels() {
        return Stream.concat(Stream.of(SCALAR), vectorKernels());
    }

    /**
     * The block updates (gradient at its own offset, as the fused output layer passes it) give
     * the in-place updates' results bit for bit, whatever the two offsets, and touch nothing
     * outside [off, off + n).
     */
    @ParameterizedTest
    @MethodSource("allKernels")
    void blockUpdatesEqualInPlaceUpdates(Kernels k) {
        Random rnd = new Random(19);
        for (int n : new int[] {1, 7, 16, 17, 33, 100, 257}) {
            for (int[] offs : new int[][] {{3, 0}, {0, 5}, {17, 1}}) {
                int off = offs[0];
                int gOff = offs[1];
                int len = off + n + 4;
                float[] w = randomArray(rnd, len, 1);
                float[] g = randomArray(rnd, len, 1);
                float[] m = randomArray(rnd, len, 1);
                float[] v = randomArray(rnd, len, 1);
                for (int i = 0; i < len; i++) {
                    m[i] = Math.abs(m[i]);
                    v[i] = Math.abs(v[i]);
                }
                // the same gradient values, alone in a buffer at gOff (NaN around them)
                float[] apart = new float[gOff + n + 3];
                Arrays.fill(apart, Float.NaN);
                System.arraycopy(g, off, apart, gOff, n);
                String at = k.name() + " n=" + n + " off=" + off + " gOff=" + gOff;

                float[][] s = {w.clone(), m.clone()};
                float[][] t = {w.clone(), m.clone()};
                k.adagrad(s[0], g, s[1], off, n, 0.1f, 1e-8f);
                k.adagradBlock(t[0], t[1], off, apart, gOff, n, 0.1f, 1e-8f);
                assertArrayEquals(s[0], t[0], "adagrad w " + at);
                assertArrayEquals(s[1], t[1], "adagrad m " + at);

                s = new float[][] {w.clone(), m.clone()};
                t = new float[][] {w.clone(), m.clone()};
                k.rmsprop(s[0], g, s[1], off, n, 0.01f, 0.9f, 1e-8f);
                k.rmspropBlock(t[0], t[1], off, apart, gOff, n, 0.01f, 0.9f, 1e-8f);
                assertArrayEquals(s[0], t[0], "rmsprop w " + at);
                assertArrayEquals(s[1], t[1], "rmsprop m " + at);

                for (float wdLr : new float[] {0f, 1e-3f}) {
                    s = new float[][] {w.clone(), m.clone(), v.clone()};
                    t = new float[][] {w.clone(), m.clone(), v.clone()};
                    k.adam(s[0], g, s[1], s[2], off, n, 0.9f, 0.999f, 0.003f, 1e-8f, wdLr);
                    k.adamBlock(t[0], t[1], t[2], off, apart, gOff, n, 0.9f, 0.999f, 0.003f, 1e-8f, wdLr);
                    for (int q = 0; q < 3; q++) {
                        assertArrayEquals(s[q], t[q], "adam[" + q + "] wd=" + wdLr + " " + at);
                    }
                }

                for (boolean nesterov : new boolean[] {false, true}) {
                    s = new float[][] {w.clone(), v.clone()};
                    t = new float[][] {w.clone(), v.clone()};
                    k.sgd(s[0], g, s[1], off, n, 0.05f, 0.9f, nesterov);
                    k.sgdBlock(t[0], t[1], off, apart, gOff, n, 0.05f, 0.9f, nesterov);
                    assertArrayEquals(s[0], t[0], "sgd w nesterov=" + nesterov + " " + at);
                    assertArrayEquals(s[1], t[1], "sgd v nesterov=" + nesterov + " " + at);
                }
                float[] ws = w.clone();
                float[] wb = w.clone();
                k.sgd(ws, g, null, off, n, 0.05f, 0f, false);
                k.sgdBlock(wb, null, off, apart, gOff, n, 0.05f, 0f, false);
                assertArrayEquals(ws, wb, "plain sgd " + at);
            }
        }
    }
}
