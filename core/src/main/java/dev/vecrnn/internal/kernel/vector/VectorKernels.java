package dev.vecrnn.internal.kernel.vector;

import dev.vecrnn.internal.kernel.ForwardingKernels;
import dev.vecrnn.internal.kernel.Kernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the incubating Vector API ({@code --add-modules jdk.incubator.vector}).
 *
 * <p><b>Why the work is done by hidden copies of {@link Impl}.</b> C2 only turns Vector API calls
 * into SIMD instructions when the species is a compile-time constant, i.e. a {@code static final}.
 * A species kept in an instance field is about 10x slower (every vector is boxed), and sharing one
 * class between widths through a virtual call deoptimises all of them (40x) as soon as a second
 * width is used in the same JVM (the tests do). So {@link Impl} reads its species from a
 * {@code static final}, and each width other than the preferred one gets its own copy of
 * {@code Impl}, defined from the same bytecode as a hidden class whose class data is the species.
 * Each copy is compiled on its own; all run at full speed side by side.
 *
 * <p>Numerics differ from {@link dev.vecrnn.internal.kernel.ScalarKernels} only in rounding: products use
 * FMA (gemm, dot, axpy, mulAdd), sums run in another order (gemm, dot, sumSquares, softmax), and
 * tanh and exp come from the Vector API (a few ulps). scale, clip, the row kernels, tanhBackward,
 * sigmoidBackward and the optimizer updates do the scalar operations in the scalar order, without
 * FMA, and are bit-identical. A gemm output does not depend on how the output is cut into
 * tiles or blocks, so {@link dev.vecrnn.internal.kernel.ParallelKernels} reproduces one thread bit for bit.
 *
 * <p>Shapes that make the Vector API fast here: several independent accumulators per kernel, no
 * sum across lanes inside a loop, register tiles (4 x 4 vectors: 8 loads feed 16 FMAs),
 * blocking so that a 45,000 x 200 matrix streams through once, plain float[], and no vector held
 * in a static final (JDK 17 reboxes those on every use).
 */
public final class VectorKernels extends ForwardingKernels {

    private static final Kernels[] COPIES = new Kernels[3];

    private final int bits;

    /** The preferred width of this CPU ({@code FloatVector.SPECIES_PREFERRED}). */
    public VectorKernels() {
        this(FloatVector.SPECIES_PREFERRED.vectorBitSize());
    }

    /** A given width: 128, 256 or 512 bits. Widths above the CPU's are emulated, and slow. */
    public VectorKernels(int bits) {
        super(forBits(bits));
        this.bits = bits;
    }

    /** The vector width in bits. */
    public int bits() {
        return bits;
    }

    /** One part, run with the kernels themselves: the step loop then skips this forwarding layer. */
    @Override
    public void forEachPart(int count, long work, Part body) {
        body.run(0, count, inner);
    }

    /** Never used: {@link #forEachPart} hands its one part the kernels themselves. */
    @Override
    protected Kernels decorate(Kernels partKernels) {
        return partKernels;
    }

    private static Kernels forBits(int bits) {
        VectorSpecies<Float> species;
        int slot;
        switch (bits) {
            case 128: species = FloatVector.SPECIES_128; slot = 0; break;
            case 256: species = FloatVector.SPECIES_256; slot = 1; break;
            case 512: species = FloatVector.SPECIES_512; slot = 2; break;
            default: throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, not " + bits);
        }
        if (species.equals(FloatVector.SPECIES_PREFERRED)) {
            return new Impl();
        }
        synchronized (COPIES) {
            if (COPIES[slot] == null) {
                COPIES[slot] = defineCopy(species);
            }
            return COPIES[slot];
        }
    }

    /** A copy of Impl as a hidden class whose static species is {@code species}. */
    private static Kernels defineCopy(VectorSpecies<Float> species) {
        String file = Impl.class.getName().substring(Impl.class.getPackageName().length() + 1) + ".class";
        try (InputStream in = Impl.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("cannot read the bytecode of " + Impl.class.getName());
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClassWithClassData(
                    in.readAllBytes(), species, true, MethodHandles.Lookup.ClassOption.NESTMATE);
            return (Kernels) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the " + species.vectorBitSize() + " bit vector kernels", e);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the " + species.vectorBitSize() + " bit vector kernels", e);
        }
    }

    /**
     * The kernels. Everything that touches a vector lives here, in static methods that read the
     * constant {@link #S}; no nested classes or lambdas, which would not be copied with it.
     */
    static final class Impl implements Kernels {

        private static final VectorSpecies<Float> S = species();
        private static final VectorSpecies<Double> SD = VectorSpecies.of(double.class, S.vectorShape());
        /** Lanes per vector. */
        private static final int L = S.length();
        // No static final vectors (e.g. a zero): JDK 17 reboxes them on every use, 10x slower.

        // Pairwise lane sums (see foldLevel): masks of the odd blocks of size s, and shuffles that
        // swap neighbouring blocks of size s. Null where s >= L (never used then).
        private static final VectorMask<Float> ODD1 = oddBlocks(1), ODD2 = oddBlocks(2),
                ODD4 = oddBlocks(4), ODD8 = oddBlocks(8);
        private static final VectorShuffle<Float> SWAP1 = swapBlocks(1), SWAP2 = swapBlocks(2),
                SWAP4 = swapBlocks(4), SWAP8 = swapBlocks(8);

        /**
         * gemmNT with fewer rows of A than this takes dot products (a gemv); with more, it packs
         * the smaller factor transposed and broadcasts, which has no sums across lanes.
         */
        private static final int NT_DOT_ROWS = 8;
        /** gemmNT: bytes of C^T computed per block before they are added to C. */
        private static final int NT_BLOCK_BYTES = 24 * 1024;
        /** gemmNN/TN: steps of k per pass over C (fixed, so that results do not depend on m or n). */
        private static final int KC = 64;

        /** 0, 1, 2, ... L-1. */
        private static final float[] IOTA = iota();

        private static float[] iota() {
            float[] x = new float[S.length()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            return x;
        }

        @SuppressWarnings("unchecked")
        private static VectorSpecies<Float> species() {
            try {
                VectorSpecies<Float> s = MethodHandles.classData(MethodHandles.lookup(),
                        ConstantDescs.DEFAULT_NAME, VectorSpecies.class);
                return s != null ? s : FloatVector.SPECIES_PREFERRED;
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static VectorMask<Float> oddBlocks(int s) {
            if (s >= S.length()) {
                return null;
            }
            boolean[] bits = new boolean[S.length()];
            for (int t = 0; t < bits.length; t++) {
                bits[t] = ((t / s) & 1) == 1;
            }
            return VectorMask.fromArray(S, bits, 0);
        }

        private static VectorShuffle<Float> swapBlocks(int s) {
            if (s >= S.length()) {
                return null;
            }
            int[] idx = new int[S.length()];
            for (int t = 0; t < idx.length; t++) {
                idx[t] = t ^ s;
            }
            return VectorShuffle.fromArray(S, idx, 0);
        }

        @Override
        public String name() {
            return "vector(" + S.vectorBitSize() + " bit)";
        }

        // ---- level 1 ------------------------------------------------------------------

        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector s0 = zero, s1 = zero, s2 = zero, s3 = zero;
            int i = 0;
            // four independent accumulators hide the FMA latency
            for (int end = n - 4 * L; i <= end; i += 4 * L) {
                s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
                s1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), s1);
                s2 = FloatVector.fromArray(S, a, ao + i + 2 * L).fma(FloatVector.fromArray(S, b, bo + i + 2 * L), s2);
                s3 = FloatVector.fromArray(S, a, ao + i + 3 * L).fma(FloatVector.fromArray(S, b, bo + i + 3 * L), s3);
            }
            for (int end = n - L; i <= end; i += L) {
                s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
            }
            float s = laneSum(s0.add(s1).add(s2.add(s3)));
            for (; i < n; i++) {
                s = Math.fma(a[ao + i], b[bo + i], s);
            }
            return s;
        }

        @Override
        public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int i = 0;
            // four vectors a step: short rows spend less on the loop
            for (int end = n - 4 * L; i <= end; i += 4 * L) {
                int xi = xo + i;
                int yi = yo + i;
                FloatVector.fromArray(S, x, xi).fma(va, FloatVector.fromArray(S, y, yi)).intoArray(y, yi);
                FloatVector.fromArray(S, x, xi + L).fma(va, FloatVector.fromArray(S, y, yi + L)).intoArray(y, yi + L);
                FloatVector.fromArray(S, x, xi + 2 * L).fma(va, FloatVector.fromArray(S, y, yi + 2 * L))
                        .intoArray(y, yi + 2 * L);
                FloatVector.fromArray(S, x, xi + 3 * L).fma(va, FloatVector.fromArray(S, y, yi + 3 * L))
                        .intoArray(y, yi + 3 * L);
            }
            for (int end = n - L; i <= end; i += L) {
                FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
            }
        }

        @Override
        public void scale(float alpha, float[] x, int xo, int n) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
            }
            for (; i < n; i++) {
                x[xo + i] *= alpha;
            }
        }

        @Override
        public double sumSquares(float[] x, int xo, int n) {
            // squares of floats are exact in double, so only the order of the sum differs
            DoubleVector s0 = DoubleVector.zero(SD), s1 = DoubleVector.zero(SD);
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, SD, 0);
                DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, SD, 1);
                s0 = lo.fma(lo, s0);
                s1 = hi.fma(hi, s1);
            }
            // summed in lane order by plain code: reduceLanes may add in another order once compiled
            double[] lanes = new double[SD.length()];
            s0.add(s1).intoArray(lanes, 0);
            double s = 0;
            for (double v : lanes) {
                s += v;
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                s += v * v;
            }
            return s;
        }

        @Override
        public void clip(float[] x, int xo, int n, float limit) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector.fromArray(S, x, xo + i).max(-limit).min(limit).intoArray(x, xo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                x[xo + i] = v > limit ? limit : (v < -limit ? -limit : v);
            }
        }

        // ---- gemmNT ---------------------------------------------------------------------
        //
        // With NT_DOT_ROWS rows of A or more, the smaller factor is transposed (A into k x m or
        // B into k x n, a small copy) and the product runs on the broadcast kernels below in a
        // single pass over k: each output is one FMA chain over p in order, whichever factor was
        // transposed. With fewer rows (a gemv) it takes dot products: each output is one FMA
        // accumulator over k, summed across its lanes by the same pairwise tree (sumLanes)
        // whatever tile computed it. Either way an output does not depend on how m or n is cut,
        // unless a cut leaves fewer than NT_DOT_ROWS rows of a product that had more (ParallelKernels
        // cuts rows only when m > n, into parts of at least MIN_WORK multiply-adds).
        // The dot tiles spill their accumulators to a scratch array for sumLanes: one method doing
        // both is too big for C2 to inline the Vector API calls into.

        @Override
        public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            if (m <= 0 || n <= 0) {
                return;
            }
            if (m < NT_DOT_ROWS) {
                dotGemmNT(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
            } else if (n < m) {
                // C = A * Bt with B transposed into k x n: vectors along the rows of C
                float[] bt = transposed(b, bo, ldb, n, k);
                broadcastGemm(m, n, k, a, ao, lda, 1, bt, 0, n, c, co, ldc, k);
            } else {
                // C^T = B * At with A transposed into k x m (small): vectors along the columns of C,
                // for a block of rows of B at a time, added to C transposed
                float[] at = transposed(a, ao, lda, m, k);
                int jb = Math.max(4, NT_BLOCK_BYTES / 4 / m / 4 * 4);
                float[] ct = new float[Math.min(jb, n) * m];
                for (int j0 = 0; j0 < n; j0 += jb) {
                    int jn = Math.min(jb, n - j0);
                    java.util.Arrays.fill(ct, 0f);
                    broadcastGemm(jn, m, k, b, bo + j0 * ldb, ldb, 1, at, 0, m, ct, 0, m, k);
                    for (int i = 0; i < m; i++) {
                        int ci = co + i * ldc + j0;
                        for (int j = 0; j < jn; j++) {
                            c[ci + j] += ct[j * m + i];
                        }
                    }
                }
            }
        }

        /** rows x cols at off (leading dimension ld) transposed into cols x rows. */
        private float[] transposed(float[] x, int off, int ld, int rows, int cols) {
            float[] t = new float[cols * rows];
            transpose(rows, cols, x, off, ld, t, 0, rows);
            return t;
        }

        /** gemmNT for a few rows of A (gemv): dot products of rows, summed across lanes by a tree. */
        private static void dotGemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                      float[] c, int co, int ldc) {
            if (k > 0 && k < L) {
                // too short for a whole vector: zero-pad both to L columns (adds exact zeros)
                dotGemmNT(m, n, L, paddedRows(a, ao, lda, m, k), 0, L, paddedRows(b, bo, ldb, n, k), 0, L, c, co, ldc);
                return;
            }
            float[] acc = new float[16 * L];
            // a tile of rows of B, read from memory once, against every row of A
            int j = 0;
            for (; j + 16 <= n; j += 16) {
                for (int i = 0; i < m; i++) {
                    nt1x16(k, a, ao + i * lda, b, bo + j * ldb, ldb, acc);
                    sumLanes(acc, 16);
                    addTile(acc, 0, 1, 16, 16, c, co + i * ldc + j, ldc);
                }
            }
            for (; j < n; j += 4) {
                // missing rows of B repeat the first one; their sums are dropped
                int cols = Math.min(4, n - j);
                int bj = bo + j * ldb;
                for (int i = 0; i < m; i++) {
                    nt1x4(k, a, ao + i * lda, b, bj, bj + (cols > 1 ? ldb : 0), bj + (cols > 2 ? 2 * ldb : 0),
                            bj + (cols > 3 ? 3 * ldb : 0), acc);
                    sumLanes(acc, 4);
                    addTile(acc, 0, 1, cols, 4, c, co + i * ldc + j, ldc);
                }
            }
        }

        /** A copy of rows x cols (leading dimension ld) as rows x L, zero-filled (cols <= L). */
        private static float[] paddedRows(float[] x, int off, int ld, int rows, int cols) {
            float[] t = new float[rows * L];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, off + r * ld, t, r * L, cols);
            }
            return t;
        }

        /** c[i][j] += sums[so + i*stride + j] for the valid part of a tile. */
        private static void addTile(float[] sums, int so, int rows, int cols, int stride, float[] c, int co, int ldc) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    c[co + i * ldc + j] += sums[so + i * stride + j];
                }
            }
        }

        /** One row of A times 16 rows of B (the gemv case, m == 1). Accumulator j goes to acc. */
        private static void nt1x16(int k, float[] a, int a0, float[] b, int b0, int ldb, float[] acc) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
            FloatVector c8 = zero, c9 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
            int kb = S.loopBound(k);
            int p = 0;
            for (; p < kb; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, a0 + p);
                int bp = b0 + p;
                c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
                c1 = x.fma(FloatVector.fromArray(S, b, bp + ldb), c1);
                c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * ldb), c2);
                c3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * ldb), c3);
                c4 = x.fma(FloatVector.fromArray(S, b, bp + 4 * ldb), c4);
                c5 = x.fma(FloatVector.fromArray(S, b, bp + 5 * ldb), c5);
                c6 = x.fma(FloatVector.fromArray(S, b, bp + 6 * ldb), c6);
                c7 = x.fma(FloatVector.fromArray(S, b, bp + 7 * ldb), c7);
                c8 = x.fma(FloatVector.fromArray(S, b, bp + 8 * ldb), c8);
                c9 = x.fma(FloatVector.fromArray(S, b, bp + 9 * ldb), c9);
                c10 = x.fma(FloatVector.fromArray(S, b, bp + 10 * ldb), c10);
                c11 = x.fma(FloatVector.fromArray(S, b, bp + 11 * ldb), c11);
                c12 = x.fma(FloatVector.fromArray(S, b, bp + 12 * ldb), c12);
                c13 = x.fma(FloatVector.fromArray(S, b, bp + 13 * ldb), c13);
                c14 = x.fma(FloatVector.fromArray(S, b, bp + 14 * ldb), c14);
                c15 = x.fma(FloatVector.fromArray(S, b, bp + 15 * ldb), c15);
            }
            if (p < k) {
                // the partial last step: the whole vector that ends at k (in the array as k >= L),
                // with the lanes already summed zeroed in both factors (0 * NaN would be NaN)
                VectorMask<Float> mk = lastLanes(k - p);
                p = k - L;
                FloatVector x = zero.blend(FloatVector.fromArray(S, a, a0 + p), mk);
                int bp = b0 + p;
                c0 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp), mk), c0);
                c1 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + ldb), mk), c1);
                c2 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 2 * ldb), mk), c2);
                c3 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 3 * ldb), mk), c3);
                c4 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 4 * ldb), mk), c4);
                c5 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 5 * ldb), mk), c5);
                c6 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 6 * ldb), mk), c6);
                c7 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 7 * ldb), mk), c7);
                c8 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 8 * ldb), mk), c8);
                c9 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 9 * ldb), mk), c9);
                c10 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 10 * ldb), mk), c10);
                c11 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 11 * ldb), mk), c11);
                c12 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 12 * ldb), mk), c12);
                c13 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 13 * ldb), mk), c13);
                c14 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 14 * ldb), mk), c14);
                c15 = x.fma(zero.blend(FloatVector.fromArray(S, b, bp + 15 * ldb), mk), c15);
            }
            c0.intoArray(acc, 0);
            c1.intoArray(acc, L);
            c2.intoArray(acc, 2 * L);
            c3.intoArray(acc, 3 * L);
            c4.intoArray(acc, 4 * L);
            c5.intoArray(acc, 5 * L);
            c6.intoArray(acc, 6 * L);
            c7.intoArray(acc, 7 * L);
            c8.intoArray(acc, 8 * L);
            c9.intoArray(acc, 9 * L);
            c10.intoArray(acc, 10 * L);
            c11.intoArray(acc, 11 * L);
            c12.intoArray(acc, 12 * L);
            c13.intoArray(acc, 13 * L);
            c14.intoArray(acc, 14 * L);
            c15.intoArray(acc, 15 * L);
        }

        /** One row of A times 4 rows of B, at b0..b3 (the gemv tail). Accumulator j goes to acc. */
        private static void nt1x4(int k, float[] a, int a0, float[] b, int b0, int b1, int b2, int b3,
                                  float[] acc) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero;
            int kb = S.loopBound(k);
            int p = 0;
            for (; p < kb; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, a0 + p);
                c0 = x.fma(FloatVector.fromArray(S, b, b0 + p), c0);
                c1 = x.fma(FloatVector.fromArray(S, b, b1 + p), c1);
                c2 = x.fma(FloatVector.fromArray(S, b, b2 + p), c2);
                c3 = x.fma(FloatVector.fromArray(S, b, b3 + p), c3);
            }
            if (p < k) {
                // the partial last step: the whole vector that ends at k (in the array as k >= L),
                // with the lanes already summed zeroed in both factors (0 * NaN would be NaN)
                VectorMask<Float> mk = lastLanes(k - p);
                p = k - L;
                FloatVector x = zero.blend(FloatVector.fromArray(S, a, a0 + p), mk);
                c0 = x.fma(zero.blend(FloatVector.fromArray(S, b, b0 + p), mk), c0);
                c1 = x.fma(zero.blend(FloatVector.fromArray(S, b, b1 + p), mk), c1);
                c2 = x.fma(zero.blend(FloatVector.fromArray(S, b, b2 + p), mk), c2);
                c3 = x.fma(zero.blend(FloatVector.fromArray(S, b, b3 + p), mk), c3);
            }
            c0.intoArray(acc, 0);
            c1.intoArray(acc, L);
            c2.intoArray(acc, 2 * L);
            c3.intoArray(acc, 3 * L);
        }

        /** The last {@code count} lanes: an iota compared (S.indexInRange is slow on JDK 17). */
        private static VectorMask<Float> lastLanes(int count) {
            return FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, (float) (L - count));
        }

        /**
         * Replaces the {@code count} (4 or 16) vectors in acc by their sums across lanes, in
         * acc[0..count). Pairwise: lanes t and t^1 first, then blocks of 2, 4, 8; two vectors are
         * folded into one at each level, so 16 vectors need 15 steps rather than 16 reductions.
         */
        private static void sumLanes(float[] acc, int count) {
            int live = foldLevel(acc, count, ODD1, SWAP1);
            live = foldLevel(acc, live, ODD2, SWAP2);
            if (L >= 8) {
                live = foldLevel(acc, live, ODD4, SWAP4);
            }
            if (L >= 16) {
                foldLevel(acc, live, ODD8, SWAP8);
            }
        }

        /**
         * One level of the tree over {@code count} vectors: each pair (x, y) becomes one vector
         * holding x's pairwise lane sums in the even blocks and y's in the odd ones. When a single
         * vector is left it is folded onto itself. Returns the number of vectors left.
         */
        private static int foldLevel(float[] acc, int count, VectorMask<Float> odd, VectorShuffle<Float> swap) {
            if (count == 1) {
                FloatVector x = FloatVector.fromArray(S, acc, 0);
                x.add(x.rearrange(swap)).intoArray(acc, 0);
                return 1;
            }
            for (int q = 0; q < count / 2; q++) {
                FloatVector x = FloatVector.fromArray(S, acc, 2 * q * L);
                FloatVector y = FloatVector.fromArray(S, acc, (2 * q + 1) * L);
                x.blend(y, odd).add(y.blend(x, odd).rearrange(swap)).intoArray(acc, q * L);
            }
            return count / 2;
        }

        // ---- gemmNN / gemmTN: broadcast one element of A against rows of B -----------------
        //
        // C[i, j:j+L] += A(i,p) * B[p, j:j+L]: vectors run along the rows of B and C, so both
        // products (and gemmNT on a transposed copy) share one set of kernels; only the strides
        // of A differ. Each lane of C gets one FMA chain over a block of kc steps of p, added to
        // C after the block, whatever tile computed it: results do not depend on the tiling.
        // When n is not a multiple of L, the last vector of a row is the whole vector that ends
        // at column n, overlapping the one before: only its last lastCols lanes reach C, through
        // tmp (masked stores are slow on JDK 17). Rows narrower than a vector read a padded copy.

        @Override
        public void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            broadcastGemm(m, n, k, a, ao, lda, 1, b, bo, ldb, c, co, ldc, KC);
        }

        @Override
        public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            broadcastGemm(m, n, k, a, ao, 1, lda, b, bo, ldb, c, co, ldc, KC);
        }

        /** C[m x n] += A * B[k x n] where A(i, p) = a[ao + i*ai + p*ap], kc steps of p per pass over C. */
        private static void broadcastGemm(int m, int n, int k, float[] a, int ao, int ai, int ap,
                                          float[] b, int bo, int ldb, float[] c, int co, int ldc, int kc) {
            if (m <= 0 || n <= 0) {
                return;
            }
            int vectors = (n + L - 1) / L;
            int lastCols = n - (vectors - 1) * L;
            int wide = vectors / 4 * 4;      // vectors done 4 at a time, on 4 rows
            float[] tmp = new float[8 * L];
            // where the last vector of each row of B is read from (see above)
            float[] bl = b;
            int blo = bo + n - L;
            int bll = ldb;
            // kc rows of B at a time so that they stay in cache while all rows of A pass
            for (int p0 = 0; p0 < k; p0 += kc) {
                int p1 = Math.min(k, p0 + kc);
                if (n < L) {
                    bl = new float[(p1 - p0) * L];
                    for (int p = p0; p < p1; p++) {
                        System.arraycopy(b, bo + p * ldb, bl, (p - p0) * L + L - n, n);
                    }
                    blo = -p0 * L;
                    bll = L;
                }
                if (m < 4) {
                    // a gemv or close: each row in passes of up to 8 vectors
                    for (int i = 0; i < m; i++) {
                        oneRow(p0, p1, a, ao + i * ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, tmp,
                                0, vectors, vectors);
                    }
                    continue;
                }
                if (wide > 0) {
                    int rows4 = m / 4 * 4;
                    // a kc x 4L panel of B stays in L1 while every block of 4 rows of A passes
                    // (A is read a few floats per step; B a whole panel, so B is the one to keep)
                    for (int v = 0; v < wide; v += 4) {
                        boolean last = v + 4 == vectors;
                        for (int i = 0; i < rows4; i += 4) {
                            bc4x4(p0, p1, a, ao + i * ai, ai, ap, b, bo + v * L, ldb, last ? bl : b,
                                    last ? blo : bo + (v + 3) * L, last ? bll : ldb, last ? lastCols : L,
                                    c, co + i * ldc + v * L, ldc, tmp);
                        }
                    }
                    for (int i = rows4; i < m; i++) {
                        oneRow(p0, p1, a, ao + i * ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, tmp,
                                0, wide, vectors);
                    }
                }
                // the 1 to 3 vectors left: fewer per row, so more rows per tile
                int v = wide;
                if (v < vectors) {
                    int i = 0;
                    for (; i + 8 <= m; i += 8) {
                        int vv = v;
                        if (vectors - vv >= 2) {
                            boolean last = vv + 2 == vectors;
                            bc8x2(p0, p1, a, ao + i * ai, ai, ap, b, bo + vv * L, ldb, last ? bl : b,
                                    last ? blo : bo + (vv + 1) * L, last ? bll : ldb, last ? lastCols : L,
                                    c, co + i * ldc + vv * L, ldc, tmp);
                            vv += 2;
                        }
                        if (vv < vectors) {
                            bc8x1(p0, p1, a, ao + i * ai, ai, ap, b, bo + vv * L, ldb, bl, blo, bll, lastCols,
                                    c, co + i * ldc + vv * L, ldc, tmp);
                        }
                    }
                    for (; i < m; i++) {
                        oneRow(p0, p1, a, ao + i * ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, tmp,
                                v, vectors, vectors);
                    }
                }
            }
        }

        /** Vectors [from, to) of one row of C, 8, 4, 2 or 1 at a time (see broadcastGemm for bl). */
        private static void oneRow(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                   float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp,
                                   int from, int to, int vectors) {
            int v = from;
            while (v < to) {
                int left = to - v;
                int w = left >= 8 ? 8 : left >= 5 ? left : left >= 4 ? 4 : left >= 2 ? 2 : 1;
                boolean last = v + w == vectors;
                float[] lb = last ? bl : b;
                int lo = last ? blo : bo + (v + w - 1) * L;
                int ll = last ? bll : ldb;
                int cols = last ? lastCols : L;
                int bv = bo + v * L;
                int cv = co + v * L;
                if (w == 8) {
                    bc1x8(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp);
                } else if (w > 4) {
                    bc1xN(w, p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp);
                } else if (w == 4) {
                    bc1x4(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp);
                } else if (w == 2) {
                    bc1x2(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp);
                } else {
                    bc1x1(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp);
                }
                v += w;
            }
        }

        // R rows of C times W vectors of columns; the last vector from (bl, blo, bll) and with
        // lastCols valid lanes. 4x4: 4 loads and 4 broadcasts feed 16 FMAs; 8x2 for narrow C.

        private static void bc4x4(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
            FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
            FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
            FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector y3 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                c03 = y3.fma(x, c03);
                x = FloatVector.broadcast(S, a[aq + ai]);
                c10 = y0.fma(x, c10);
                c11 = y1.fma(x, c11);
                c12 = y2.fma(x, c12);
                c13 = y3.fma(x, c13);
                x = FloatVector.broadcast(S, a[aq + 2 * ai]);
                c20 = y0.fma(x, c20);
                c21 = y1.fma(x, c21);
                c22 = y2.fma(x, c22);
                c23 = y3.fma(x, c23);
                x = FloatVector.broadcast(S, a[aq + 3 * ai]);
                c30 = y0.fma(x, c30);
                c31 = y1.fma(x, c31);
                c32 = y2.fma(x, c32);
                c33 = y3.fma(x, c33);
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c02.add(FloatVector.fromArray(S, c, r0 + 2 * L)).intoArray(c, r0 + 2 * L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c12.add(FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c22.add(FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            c32.add(FloatVector.fromArray(S, c, r3 + 2 * L)).intoArray(c, r3 + 2 * L);
            if (lastCols == L) {
                c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
                c13.add(FloatVector.fromArray(S, c, r1 + 3 * L)).intoArray(c, r1 + 3 * L);
                c23.add(FloatVector.fromArray(S, c, r2 + 3 * L)).intoArray(c, r2 + 3 * L);
                c33.add(FloatVector.fromArray(S, c, r3 + 3 * L)).intoArray(c, r3 + 3 * L);
            } else {
                c03.intoArray(tmp, 0);
                c13.intoArray(tmp, L);
                c23.intoArray(tmp, 2 * L);
                c33.intoArray(tmp, 3 * L);
                addTile(tmp, L - lastCols, 4, lastCols, L, c, co + 3 * L, ldc);
            }
        }

        private static void bc8x2(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero;
            FloatVector c10 = zero, c11 = zero;
            FloatVector c20 = zero, c21 = zero;
            FloatVector c30 = zero, c31 = zero;
            FloatVector c40 = zero, c41 = zero;
            FloatVector c50 = zero, c51 = zero;
            FloatVector c60 = zero, c61 = zero;
            FloatVector c70 = zero, c71 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                x = FloatVector.broadcast(S, a[aq + ai]);
                c10 = y0.fma(x, c10);
                c11 = y1.fma(x, c11);
                x = FloatVector.broadcast(S, a[aq + 2 * ai]);
                c20 = y0.fma(x, c20);
                c21 = y1.fma(x, c21);
                x = FloatVector.broadcast(S, a[aq + 3 * ai]);
                c30 = y0.fma(x, c30);
                c31 = y1.fma(x, c31);
                x = FloatVector.broadcast(S, a[aq + 4 * ai]);
                c40 = y0.fma(x, c40);
                c41 = y1.fma(x, c41);
                x = FloatVector.broadcast(S, a[aq + 5 * ai]);
                c50 = y0.fma(x, c50);
                c51 = y1.fma(x, c51);
                x = FloatVector.broadcast(S, a[aq + 6 * ai]);
                c60 = y0.fma(x, c60);
                c61 = y1.fma(x, c61);
                x = FloatVector.broadcast(S, a[aq + 7 * ai]);
                c70 = y0.fma(x, c70);
                c71 = y1.fma(x, c71);
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            int r4 = co + 4 * ldc;
            int r5 = co + 5 * ldc;
            int r6 = co + 6 * ldc;
            int r7 = co + 7 * ldc;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
            c50.add(FloatVector.fromArray(S, c, r5)).intoArray(c, r5);
            c60.add(FloatVector.fromArray(S, c, r6)).intoArray(c, r6);
            c70.add(FloatVector.fromArray(S, c, r7)).intoArray(c, r7);
            if (lastCols == L) {
                c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
                c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
                c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
                c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
                c41.add(FloatVector.fromArray(S, c, r4 + L)).intoArray(c, r4 + L);
                c51.add(FloatVector.fromArray(S, c, r5 + L)).intoArray(c, r5 + L);
                c61.add(FloatVector.fromArray(S, c, r6 + L)).intoArray(c, r6 + L);
                c71.add(FloatVector.fromArray(S, c, r7 + L)).intoArray(c, r7 + L);
            } else {
                c01.intoArray(tmp, 0);
                c11.intoArray(tmp, L);
                c21.intoArray(tmp, 2 * L);
                c31.intoArray(tmp, 3 * L);
                c41.intoArray(tmp, 4 * L);
                c51.intoArray(tmp, 5 * L);
                c61.intoArray(tmp, 6 * L);
                c71.intoArray(tmp, 7 * L);
                addTile(tmp, L - lastCols, 8, lastCols, L, c, co + L, ldc);
            }
        }

        private static void bc8x1(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero;
            FloatVector c10 = zero;
            FloatVector c20 = zero;
            FloatVector c30 = zero;
            FloatVector c40 = zero;
            FloatVector c50 = zero;
            FloatVector c60 = zero;
            FloatVector c70 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                x = FloatVector.broadcast(S, a[aq + ai]);
                c10 = y0.fma(x, c10);
                x = FloatVector.broadcast(S, a[aq + 2 * ai]);
                c20 = y0.fma(x, c20);
                x = FloatVector.broadcast(S, a[aq + 3 * ai]);
                c30 = y0.fma(x, c30);
                x = FloatVector.broadcast(S, a[aq + 4 * ai]);
                c40 = y0.fma(x, c40);
                x = FloatVector.broadcast(S, a[aq + 5 * ai]);
                c50 = y0.fma(x, c50);
                x = FloatVector.broadcast(S, a[aq + 6 * ai]);
                c60 = y0.fma(x, c60);
                x = FloatVector.broadcast(S, a[aq + 7 * ai]);
                c70 = y0.fma(x, c70);
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            int r4 = co + 4 * ldc;
            int r5 = co + 5 * ldc;
            int r6 = co + 6 * ldc;
            int r7 = co + 7 * ldc;
            if (lastCols == L) {
                c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
                c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
                c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
                c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
                c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
                c50.add(FloatVector.fromArray(S, c, r5)).intoArray(c, r5);
                c60.add(FloatVector.fromArray(S, c, r6)).intoArray(c, r6);
                c70.add(FloatVector.fromArray(S, c, r7)).intoArray(c, r7);
            } else {
                c00.intoArray(tmp, 0);
                c10.intoArray(tmp, L);
                c20.intoArray(tmp, 2 * L);
                c30.intoArray(tmp, 3 * L);
                c40.intoArray(tmp, 4 * L);
                c50.intoArray(tmp, 5 * L);
                c60.intoArray(tmp, 6 * L);
                c70.intoArray(tmp, 7 * L);
                addTile(tmp, L - lastCols, 8, lastCols, L, c, co, ldc);
            }
        }

        // One row of C: up to 8 vectors, so that 8 FMA chains hide the latency (gemv, m == 1).

        private static void bc1x8(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero, c05 = zero, c06 = zero, c07 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector y3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector y4 = FloatVector.fromArray(S, b, bp + 4 * L);
                FloatVector y5 = FloatVector.fromArray(S, b, bp + 5 * L);
                FloatVector y6 = FloatVector.fromArray(S, b, bp + 6 * L);
                FloatVector y7 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                c03 = y3.fma(x, c03);
                c04 = y4.fma(x, c04);
                c05 = y5.fma(x, c05);
                c06 = y6.fma(x, c06);
                c07 = y7.fma(x, c07);
            }
            int r0 = co;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c02.add(FloatVector.fromArray(S, c, r0 + 2 * L)).intoArray(c, r0 + 2 * L);
            c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
            c04.add(FloatVector.fromArray(S, c, r0 + 4 * L)).intoArray(c, r0 + 4 * L);
            c05.add(FloatVector.fromArray(S, c, r0 + 5 * L)).intoArray(c, r0 + 5 * L);
            c06.add(FloatVector.fromArray(S, c, r0 + 6 * L)).intoArray(c, r0 + 6 * L);
            if (lastCols == L) {
                c07.add(FloatVector.fromArray(S, c, r0 + 7 * L)).intoArray(c, r0 + 7 * L);
            } else {
                c07.intoArray(tmp, 0);
                addTile(tmp, L - lastCols, 1, lastCols, L, c, co + 7 * L, 0);
            }
        }

        /**
         * One row of C, {@code w} (5 to 7) vectors in one pass: vectors 0..w-2 from b, vector w-1
         * from (bl, blo, bll). Eight chains run so that the loop is the same for every w; the
         * spare ones repeat vector 0 and are dropped.
         */
        private static void bc1xN(int w, int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp) {
            int o4 = w > 5 ? 4 * L : 0;
            int o5 = w > 6 ? 5 * L : 0;
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero, c05 = zero, c07 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                FloatVector x = FloatVector.broadcast(S, a[ao + p * ap]);
                c00 = FloatVector.fromArray(S, b, bp).fma(x, c00);
                c01 = FloatVector.fromArray(S, b, bp + L).fma(x, c01);
                c02 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c02);
                c03 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c03);
                c04 = FloatVector.fromArray(S, b, bp + o4).fma(x, c04);
                c05 = FloatVector.fromArray(S, b, bp + o5).fma(x, c05);
                c07 = FloatVector.fromArray(S, bl, blo + p * bll).fma(x, c07);
            }
            int r0 = co;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c02.add(FloatVector.fromArray(S, c, r0 + 2 * L)).intoArray(c, r0 + 2 * L);
            c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
            if (w > 5) {
                c04.add(FloatVector.fromArray(S, c, r0 + 4 * L)).intoArray(c, r0 + 4 * L);
            }
            if (w > 6) {
                c05.add(FloatVector.fromArray(S, c, r0 + 5 * L)).intoArray(c, r0 + 5 * L);
            }
            int lastAt = r0 + (w - 1) * L;
            if (lastCols == L) {
                c07.add(FloatVector.fromArray(S, c, lastAt)).intoArray(c, lastAt);
            } else {
                c07.intoArray(tmp, 0);
                addTile(tmp, L - lastCols, 1, lastCols, L, c, lastAt, 0);
            }
        }

        private static void bc1x4(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector y3 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                c03 = y3.fma(x, c03);
            }
            int r0 = co;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c02.add(FloatVector.fromArray(S, c, r0 + 2 * L)).intoArray(c, r0 + 2 * L);
            if (lastCols == L) {
                c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
            } else {
                c03.intoArray(tmp, 0);
                addTile(tmp, L - lastCols, 1, lastCols, L, c, co + 3 * L, 0);
            }
        }

        private static void bc1x2(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
            }
            int r0 = co;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            if (lastCols == L) {
                c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            } else {
                c01.intoArray(tmp, 0);
                addTile(tmp, L - lastCols, 1, lastCols, L, c, co + L, 0);
            }
        }

        private static void bc1x1(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                  float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
            }
            int r0 = co;
            if (lastCols == L) {
                c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            } else {
                c00.intoArray(tmp, 0);
                addTile(tmp, L - lastCols, 1, lastCols, L, c, co, 0);
            }
        }

        // ---- rows of a table ------------------------------------------------------------

        @Override
        public void gatherRows(float[] table, int cols, int[] ids, int idsOff, int count, float[] dst, int dstOff) {
            for (int r = 0; r < count; r++) {
                System.arraycopy(table, ids[idsOff + r] * cols, dst, dstOff + r * cols, cols);
            }
        }

        @Override
        public void scatterAddRows(float[] src, int srcOff, int cols, int[] ids, int idsOff, int count, float[] table) {
            for (int r = 0; r < count; r++) {
                addTo(src, srcOff + r * cols, table, ids[idsOff + r] * cols, cols);
            }
        }

        @Override
        public void addColumnSums(float[] x, int xo, int m, int n, int ldx, float[] y, int yo) {
            // blocks of rows small enough to stay in cache while each block of columns passes
            // (one pass over all rows per column block streams a large x from memory n/4L times)
            int rb = Math.max(1, COLUMN_SUM_BYTES / 4 / Math.max(1, ldx));
            for (int r0 = 0; r0 < m; r0 += rb) {
                columnSums(x, xo + r0 * ldx, Math.min(rb, m - r0), n, ldx, y, yo);
            }
        }

        /** Bytes of rows summed per pass of addColumnSums. */
        private static final int COLUMN_SUM_BYTES = 128 * 1024;

        private static void columnSums(float[] x, int xo, int m, int n, int ldx, float[] y, int yo) {
            // a block of y stays in registers while the rows go past; same order of sums as scalar
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {
                int yj = yo + j;
                FloatVector s0 = FloatVector.fromArray(S, y, yj);
                FloatVector s1 = FloatVector.fromArray(S, y, yj + L);
                FloatVector s2 = FloatVector.fromArray(S, y, yj + 2 * L);
                FloatVector s3 = FloatVector.fromArray(S, y, yj + 3 * L);
                for (int r = 0; r < m; r++) {
                    int xr = xo + r * ldx + j;
                    s0 = s0.add(FloatVector.fromArray(S, x, xr));
                    s1 = s1.add(FloatVector.fromArray(S, x, xr + L));
                    s2 = s2.add(FloatVector.fromArray(S, x, xr + 2 * L));
                    s3 = s3.add(FloatVector.fromArray(S, x, xr + 3 * L));
                }
                s0.intoArray(y, yj);
                s1.intoArray(y, yj + L);
                s2.intoArray(y, yj + 2 * L);
                s3.intoArray(y, yj + 3 * L);
            }
            for (; j + L <= n; j += L) {
                FloatVector s0 = FloatVector.fromArray(S, y, yo + j);
                for (int r = 0; r < m; r++) {
                    s0 = s0.add(FloatVector.fromArray(S, x, xo + r * ldx + j));
                }
                s0.intoArray(y, yo + j);
            }
            for (; j < n; j++) {
                float s = y[yo + j];
                for (int r = 0; r < m; r++) {
                    s += x[xo + r * ldx + j];
                }
                y[yo + j] = s;
            }
        }

        @Override
        public void addRowVector(float[] y, int yo, float[] x, int xo, int m, int n, int ldx) {
            for (int r = 0; r < m; r++) {
                addTo(y, yo, x, xo + r * ldx, n);
            }
        }

        /** dst[do+i] += src[so+i]. */
        private static void addTo(float[] src, int so, float[] dst, int dOff, int n) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, so + i)).intoArray(dst, dOff + i);
            }
            for (; i < n; i++) {
                dst[dOff + i] += src[so + i];
            }
        }

        // ---- deterministic math ---------------------------------------------------------
        //
        // The Vector API's EXP/TANH and reduceLanes(ADD) give different roundings before and
        // after C2 compiles a method (Java fallback vs SVML, sequential vs tree sum), so a run
        // would depend on JIT timing and a resumed run would not equal an unbroken one. These
        // use only IEEE +, *, fma, / and bit moves, which round the same in every tier; the
        // scalar twins do the same operations for the tails.

        private static final float LOG2E = 1.44269504088896341f;
        private static final float LN2_HI = 0.693359375f;
        private static final float LN2_LO = -2.12194440e-4f;
        /** Adding and subtracting 1.5 * 2^23 rounds a float to the nearest integer. */
        private static final float ROUND = 12582912f;
        /** exp is evaluated on [EXP_MIN, EXP_MAX] so that 2^n stays a normal float. */
        private static final float EXP_MIN = -87f;
        private static final float EXP_MAX = 88f;
        private static final float TANH_MAX = 10f;
        // e^r - 1 = r * (1 + r/2 + r^2/6 + ... + r^6/5040) on |r| <= ln2/2: below float rounding
        private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720,
                C7 = 1f / 5040;

        /** Sum of the lanes by a fixed pairwise tree. */
        private static float laneSum(FloatVector v) {
            v = v.add(v.rearrange(SWAP1));
            v = v.add(v.rearrange(SWAP2));
            if (L >= 8) {
                v = v.add(v.rearrange(SWAP4));
            }
            if (L >= 16) {
                v = v.add(v.rearrange(SWAP8));
            }
            return v.lane(0);
        }

        /** e^r - 1 for |r| <= ln2/2. */
        private static FloatVector expm1Reduced(FloatVector r) {
            FloatVector p = r.mul(C7).add(C6);
            p = p.fma(r, FloatVector.broadcast(S, C5));
            p = p.fma(r, FloatVector.broadcast(S, C4));
            p = p.fma(r, FloatVector.broadcast(S, C3));
            p = p.fma(r, FloatVector.broadcast(S, C2));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            return p.mul(r);
        }

        /**
         * 2^n for integral n in [-126, 127]. n + 1.5 * 2^23 is exact and its bits are those of
         * 1.5 * 2^23 plus n, so the exponent is a bit move: the F2I conversion it replaces is
         * not compiled to SIMD by JDK 17 (each call ran the Java fallback, lane by lane, about
         * a tenth of a W1 iteration in tanh and softmax). The same value as {@code (int) n}.
         */
        private static FloatVector pow2(FloatVector n) {
            IntVector e = n.add(ROUND).reinterpretAsInts();
            return e.sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        }

        /** The bits of {@link #ROUND}. */
        private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

        /** e^x (x clamped to [-87, 88]; NaN stays NaN). */
        private static FloatVector exp(FloatVector x) {
            x = x.max(EXP_MIN).min(EXP_MAX);
            FloatVector n = x.mul(LOG2E).add(ROUND).sub(ROUND);
            FloatVector r = n.neg().fma(FloatVector.broadcast(S, LN2_HI), x);
            r = n.neg().fma(FloatVector.broadcast(S, LN2_LO), r);
            FloatVector scale = pow2(n);
            return expm1Reduced(r).fma(scale, scale);
        }

        /** tanh(x) = u / (u + 2) with u = e^(2|x|) - 1, which keeps its precision near 0. */
        private static FloatVector tanh(FloatVector x) {
            FloatVector a = x.abs().min(TANH_MAX).mul(2f);
            FloatVector n = a.mul(LOG2E).add(ROUND).sub(ROUND);
            FloatVector r = n.neg().fma(FloatVector.broadcast(S, LN2_HI), a);
            r = n.neg().fma(FloatVector.broadcast(S, LN2_LO), r);
            FloatVector scale = pow2(n);
            FloatVector u = expm1Reduced(r).fma(scale, scale.sub(1f));
            FloatVector t = u.div(u.add(2f));
            return t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
        }

        private static float expm1Reduced(float r) {
            float p = Math.fma(r, C7, C6);
            p = Math.fma(p, r, C5);
            p = Math.fma(p, r, C4);
            p = Math.fma(p, r, C3);
            p = Math.fma(p, r, C2);
            p = Math.fma(p, r, 1f);
            return p * r;
        }

        private static float pow2(float n) {
            return Float.intBitsToFloat(((int) n + 127) << 23);
        }

        /** The lane-for-lane twin of {@link #exp(FloatVector)}. */
        private static float exp(float x) {
            x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
            float n = x * LOG2E + ROUND - ROUND;
            float r = Math.fma(-n, LN2_HI, x);
            r = Math.fma(-n, LN2_LO, r);
            float scale = pow2(n);
            return Math.fma(expm1Reduced(r), scale, scale);
        }

        /** The lane-for-lane twin of {@link #tanh(FloatVector)}. */
        private static float tanh(float x) {
            float a = Math.min(Math.abs(x), TANH_MAX) * 2f;
            float n = a * LOG2E + ROUND - ROUND;
            float r = Math.fma(-n, LN2_HI, a);
            r = Math.fma(-n, LN2_LO, r);
            float scale = pow2(n);
            float u = Math.fma(expm1Reduced(r), scale, scale - 1f);
            float t = u / (u + 2f);
            return x < 0f ? -t : t;
        }

        // ---- elementwise ----------------------------------------------------------------

        @Override
        public void tanh(float[] x, int xo, int n) {
            tanhRange(x, xo, n);
        }

        private static void tanhRange(float[] x, int xo, int n) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(x, xo + i);
            }
            for (; i < n; i++) {
                x[xo + i] = tanh(x[xo + i]);
            }
        }

        @Override
        public void sigmoid(float[] x, int xo, int n) {
            sigmoidRange(x, xo, n);
        }

        private static void sigmoidRange(float[] x, int xo, int n) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector e = exp(FloatVector.fromArray(S, x, xo + i).neg());
                one.div(e.add(1f)).intoArray(x, xo + i);
            }
            for (; i < n; i++) {
                x[xo + i] = 1f / (exp(-x[xo + i]) + 1f);
            }
        }

        @Override
        public void tanhBackward(float[] y, int yo, float[] d, int dOff, int n) {
            tanhBackwardRange(y, yo, d, dOff, n);
        }

        private static void tanhBackwardRange(float[] y, int yo, float[] d, int dOff, int n) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector v = FloatVector.fromArray(S, y, yo + i);
                FloatVector.fromArray(S, d, dOff + i).mul(one.sub(v.mul(v))).intoArray(d, dOff + i);
            }
            for (; i < n; i++) {
                float v = y[yo + i];
                d[dOff + i] *= 1f - v * v;
            }
        }

        @Override
        public void sigmoidBackward(float[] y, int yo, float[] d, int dOff, int n) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector v = FloatVector.fromArray(S, y, yo + i);
                FloatVector.fromArray(S, d, dOff + i).mul(v.mul(one.sub(v))).intoArray(d, dOff + i);
            }
            for (; i < n; i++) {
                float v = y[yo + i];
                d[dOff + i] *= v * (1f - v);
            }
        }

        @Override
        public void mulAdd(float[] x, int xo, float[] y, int yo, float[] z, int zo, int n) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i),
                        FloatVector.fromArray(S, z, zo + i)).intoArray(z, zo + i);
            }
            for (; i < n; i++) {
                z[zo + i] = Math.fma(x[xo + i], y[yo + i], z[zo + i]);
            }
        }

        @Override
        public float softmax(float[] x, int xo, int n) {
            FloatVector zero = FloatVector.zero(S);
            int vb = S.loopBound(n);
            float max = Float.NEGATIVE_INFINITY;
            if (vb > 0) {
                FloatVector mx = FloatVector.fromArray(S, x, xo);
                for (int i = L; i < vb; i += L) {
                    mx = mx.max(FloatVector.fromArray(S, x, xo + i));
                }
                max = mx.reduceLanes(VectorOperators.MAX);
            }
            for (int i = vb; i < n; i++) {
                max = Math.max(max, x[xo + i]);
            }
            // exp(x - max) <= 1: cannot overflow
            FloatVector sum = zero;
            for (int i = 0; i < vb; i += L) {
                FloatVector e = exp(FloatVector.fromArray(S, x, xo + i).sub(max));
                e.intoArray(x, xo + i);
                sum = sum.add(e);
            }
            float s = laneSum(sum);
            for (int i = vb; i < n; i++) {
                float e = exp(x[xo + i] - max);
                x[xo + i] = e;
                s += e;
            }
            scale(1f / s, x, xo, n);
            return (float) Math.log(s) + max;
        }

        // ---- fused recurrent steps ------------------------------------------------------
        //
        // One pass over a step's rows with the deterministic exp/tanh above; tails use their
        // scalar twins, so every lane rounds the same whatever the row length. Only IEEE
        // +, -, *, / and fma: the same bits in every JIT tier.

        private static FloatVector sigmoid(FloatVector x) {
            return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
        }

        /** The lane-for-lane twin of {@link #sigmoid(FloatVector)} (and of the sigmoid kernel). */
        private static float sigmoid(float x) {
            return 1f / (exp(-x) + 1f);
        }

        @Override
        public void lstmForward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo,
                                float[] c, int co, float[] tc, int tco, float[] hOut, int ho) {
            for (int r = 0; r < rows; r++) {
                lstmRow(h, gates, go + r * 4 * h, cPrev, cpo + r * h, c, co + r * h, tc, tco + r * h, hOut, ho + r * h);
            }
        }

        private static void lstmRow(int h, float[] gates, int gr, float[] cPrev, int cp, float[] c, int cr,
                                    float[] tc, int tr, float[] hOut, int hr) {
            // three passes over a row that stays in L1: one loop with all five exp/tanh is too big
            // for C2 to inline the Vector API into (it then boxes every vector, 10x slower)
            sigmoidRange(gates, gr, 3 * h);
            tanhRange(gates, gr + 3 * h, h);
            int j = 0;
            for (; j <= h - L; j += L) {
                int g0 = gr + j;
                FloatVector i = FloatVector.fromArray(S, gates, g0);
                FloatVector f = FloatVector.fromArray(S, gates, g0 + h);
                FloatVector o = FloatVector.fromArray(S, gates, g0 + 2 * h);
                FloatVector g = FloatVector.fromArray(S, gates, g0 + 3 * h);
                FloatVector cj = i.fma(g, f.mul(FloatVector.fromArray(S, cPrev, cp + j)));
                FloatVector t = tanh(cj);
                cj.intoArray(c, cr + j);
                t.intoArray(tc, tr + j);
                o.mul(t).intoArray(hOut, hr + j);
            }
            for (; j < h; j++) {
                int g0 = gr + j;
                float cj = Math.fma(gates[g0], gates[g0 + 3 * h], gates[g0 + h] * cPrev[cp + j]);
                float t = tanh(cj);
                c[cr + j] = cj;
                tc[tr + j] = t;
                hOut[hr + j] = gates[g0 + 2 * h] * t;
            }
        }

        @Override
        public void lstmBackward(int rows, int h, float[] gates, int go, float[] cPrev, int cpo, float[] tc, int tco,
                                 float[] dh, int dho, float[] dc, int dco, float[] dGates, int dgo) {
            for (int r = 0; r < rows; r++) {
                lstmBackRow(h, gates, go + r * 4 * h, cPrev, cpo + r * h, tc, tco + r * h, dh, dho + r * h,
                        dc, dco + r * h, dGates, dgo + r * 4 * h);
            }
        }

        private static void lstmBackRow(int h, float[] gates, int gr, float[] cPrev, int cp, float[] tc, int tr,
                                        float[] dh, int dhr, float[] dc, int dcr, float[] dGates, int dr) {
            int j = 0;
            for (; j <= h - L; j += L) {
                int g0 = gr + j;
                int d0 = dr + j;
                FloatVector one = FloatVector.broadcast(S, 1f);
                FloatVector i = FloatVector.fromArray(S, gates, g0);
                FloatVector f = FloatVector.fromArray(S, gates, g0 + h);
                FloatVector o = FloatVector.fromArray(S, gates, g0 + 2 * h);
                FloatVector g = FloatVector.fromArray(S, gates, g0 + 3 * h);
                FloatVector t = FloatVector.fromArray(S, tc, tr + j);
                FloatVector d = FloatVector.fromArray(S, dh, dhr + j);
                FloatVector dcj = FloatVector.fromArray(S, dc, dcr + j).add(d.mul(o).mul(one.sub(t.mul(t))));
                dcj.mul(g).mul(i.mul(one.sub(i))).intoArray(dGates, d0);
                dcj.mul(FloatVector.fromArray(S, cPrev, cp + j)).mul(f.mul(one.sub(f))).intoArray(dGates, d0 + h);
                d.mul(t).mul(o.mul(one.sub(o))).intoArray(dGates, d0 + 2 * h);
                dcj.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, d0 + 3 * h);
                dcj.mul(f).intoArray(dc, dcr + j);
            }
            for (; j < h; j++) {
                int g0 = gr + j;
                int d0 = dr + j;
                float i = gates[g0];
                float f = gates[g0 + h];
                float o = gates[g0 + 2 * h];
                float g = gates[g0 + 3 * h];
                float t = tc[tr + j];
                float d = dh[dhr + j];
                float dcj = dc[dcr + j] + d * o * (1f - t * t);
                dGates[d0] = dcj * g * (i * (1f - i));
                dGates[d0 + h] = dcj * cPrev[cp + j] * (f * (1f - f));
                dGates[d0 + 2 * h] = d * t * (o * (1f - o));
                dGates[d0 + 3 * h] = dcj * i * (1f - g * g);
                dc[dcr + j] = dcj * f;
            }
        }

        @Override
        public void gruForward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                               float[] hOut, int ho) {
            for (int r = 0; r < rows; r++) {
                gruRow(h, gates, go + r * 3 * h, hp, hpo + r * 3 * h, hPrev, hpr + r * h, hOut, ho + r * h);
            }
        }

        private static void gruRow(int h, float[] gates, int gr, float[] hp, int pr, float[] hPrev, int hq,
                                   float[] hOut, int hr) {
            int j = 0;
            for (; j <= h - L; j += L) {
                int g0 = gr + j;
                int p0 = pr + j;
                FloatVector r = sigmoid(FloatVector.fromArray(S, gates, g0).add(FloatVector.fromArray(S, hp, p0)));
                FloatVector z = sigmoid(FloatVector.fromArray(S, gates, g0 + h).add(FloatVector.fromArray(S, hp, p0 + h)));
                FloatVector n = tanh(r.fma(FloatVector.fromArray(S, hp, p0 + 2 * h),
                        FloatVector.fromArray(S, gates, g0 + 2 * h)));
                r.intoArray(gates, g0);
                z.intoArray(gates, g0 + h);
                n.intoArray(gates, g0 + 2 * h);
                z.fma(FloatVector.fromArray(S, hPrev, hq + j).sub(n), n).intoArray(hOut, hr + j);
            }
            for (; j < h; j++) {
                int g0 = gr + j;
                int p0 = pr + j;
                float r = sigmoid(gates[g0] + hp[p0]);
                float z = sigmoid(gates[g0 + h] + hp[p0 + h]);
                float n = tanh(Math.fma(r, hp[p0 + 2 * h], gates[g0 + 2 * h]));
                gates[g0] = r;
                gates[g0 + h] = z;
                gates[g0 + 2 * h] = n;
                hOut[hr + j] = Math.fma(z, hPrev[hq + j] - n, n);
            }
        }

        @Override
        public void gruBackward(int rows, int h, float[] gates, int go, float[] hp, int hpo, float[] hPrev, int hpr,
                                float[] dh, int dho, float[] dGates, int dgo, float[] dHp, int dhpo,
                                float[] dhPrev, int dhpr) {
            for (int r = 0; r < rows; r++) {
                gruBackRow(h, gates, go + r * 3 * h, hp, hpo + r * 3 * h, hPrev, hpr + r * h, dh, dho + r * h,
                        dGates, dgo + r * 3 * h, dHp, dhpo + r * 3 * h, dhPrev, dhpr + r * h);
            }
        }

        private static void gruBackRow(int h, float[] gates, int gr, float[] hp, int pr, float[] hPrev, int hq,
                                       float[] dh, int dhr, float[] dGates, int dr, float[] dHp, int qr,
                                       float[] dhPrev, int dpr) {
            int j = 0;
            for (; j <= h - L; j += L) {
                int g0 = gr + j;
                FloatVector one = FloatVector.broadcast(S, 1f);
                FloatVector r = FloatVector.fromArray(S, gates, g0);
                FloatVector z = FloatVector.fromArray(S, gates, g0 + h);
                FloatVector n = FloatVector.fromArray(S, gates, g0 + 2 * h);
                FloatVector d = FloatVector.fromArray(S, dh, dhr + j);
                FloatVector dz = d.mul(FloatVector.fromArray(S, hPrev, hq + j).sub(n)).mul(z.mul(one.sub(z)));
                FloatVector dhz = d.mul(z);
                FloatVector dn = d.sub(dhz).mul(one.sub(n.mul(n)));
                FloatVector drv = dn.mul(FloatVector.fromArray(S, hp, pr + j + 2 * h)).mul(r.mul(one.sub(r)));
                drv.intoArray(dGates, dr + j);
                dz.intoArray(dGates, dr + j + h);
                dn.intoArray(dGates, dr + j + 2 * h);
                drv.intoArray(dHp, qr + j);
                dz.intoArray(dHp, qr + j + h);
                dn.mul(r).intoArray(dHp, qr + j + 2 * h);
                if (dhPrev != null) {
                    FloatVector.fromArray(S, dhPrev, dpr + j).add(dhz).intoArray(dhPrev, dpr + j);
                }
            }
            for (; j < h; j++) {
                int g0 = gr + j;
                float r = gates[g0];
                float z = gates[g0 + h];
                float n = gates[g0 + 2 * h];
                float d = dh[dhr + j];
                float dz = d * (hPrev[hq + j] - n) * (z * (1f - z));
                float dhz = d * z;
                float dn = (d - dhz) * (1f - n * n);
                float drj = dn * hp[pr + j + 2 * h] * (r * (1f - r));
                dGates[dr + j] = drj;
                dGates[dr + j + h] = dz;
                dGates[dr + j + 2 * h] = dn;
                dHp[qr + j] = drj;
                dHp[qr + j + h] = dz;
                dHp[qr + j + 2 * h] = dn * r;
                if (dhPrev != null) {
                    dhPrev[dpr + j] += dhz;
                }
            }
        }

        // ---- one stream (batch 1) ------------------------------------------------------
        //
        // Vectors run along the output columns, 8 per pass (8 independent FMA chains, enough to
        // hide the FMA latency); the last vector of a row starts at n - L and overlaps the one
        // before it. A column computed twice is the same chain over the same inputs, so both
        // writes put the same bits there; the lanes of a pass past the last vector repeat it.
        // Outputs never overlap inputs, so no pass reads what another pass of the same step
        // wrote. Fewer than L columns: the scalar loop, in the same order.

        /** Vectors per pass of the one-stream kernels. */
        private static final int PASS = 8;

        /** Start column of vector v of a row of n >= L columns cut into {@code vectors}. */
        private static int vectorStart(int v, int vectors, int n) {
            return v >= vectors - 1 ? n - L : v * L;
        }

        @Override
        public void rnnForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o,
                                        float[] x, int xo, float[] y, int yo) {
            for (int t = 0; t < steps; t++) {
                float[] prev = t == 0 ? h0 : y;
                int po = t == 0 ? h0o : yo + (t - 1) * h;
                int xr = xo + t * h;
                int yr = yo + t * h;
                if (h < L) {
                    rnnForwardScalar(h, wT, wo, prev, po, x, xr, y, yr);
                    continue;
                }
                chainRow(h, h, prev, po, wT, wo, x, xr, y, yr);
                // the row's pre-activations are complete: tanh in place, without overlaps (a
                // separate pass: one method doing both is too big for C2 to inline the Vector
                // API calls into, see gemmNT)
                tanhRange(y, yr, h);
            }
        }

        /**
         * One output row of n >= L columns: out = init + sum over p < k of a[ao + p] *
         * b[bo + p*n ..], one FMA chain per column, in passes of up to {@link #PASS} vectors. The
         * last vector and the one it overlaps are always in the same pass, whose loads all come
         * before its stores, so out may be init itself (C += A*B in place).
         */
        private static void chainRow(int n, int k, float[] a, int ao, float[] b, int bo, float[] init, int io,
                                     float[] out, int oo) {
            int vectors = (n + L - 1) / L;
            for (int v = 0; v < vectors; ) {
                int w = Math.min(PASS, vectors - v);
                if (vectors - v == PASS + 1) {
                    w = PASS - 1; // leaves the overlapping pair to the next pass
                }
                chainPass(n, k, a, ao, b, bo, init, io, out, oo, v, v + w - 1, vectors);
                v += w;
            }
        }

        /** Start column of vector v, repeating vector {@code last} past it. */
        private static int passStart(int v, int last, int vectors, int n) {
            return vectorStart(Math.min(v, last), vectors, n);
        }

        /** Vectors [v, last] of one output row (see {@link #chainRow}). */
        private static void chainPass(int n, int k, float[] a, int ao, float[] b, int bo, float[] init, int io,
                                      float[] out, int oo, int v, int last, int vectors) {
            int c0 = passStart(v, last, vectors, n), c1 = passStart(v + 1, last, vectors, n);
            int c2 = passStart(v + 2, last, vectors, n), c3 = passStart(v + 3, last, vectors, n);
            int c4 = passStart(v + 4, last, vectors, n), c5 = passStart(v + 5, last, vectors, n);
            int c6 = passStart(v + 6, last, vectors, n), c7 = passStart(v + 7, last, vectors, n);
            FloatVector a0 = FloatVector.fromArray(S, init, io + c0);
            FloatVector a1 = FloatVector.fromArray(S, init, io + c1);
            FloatVector a2 = FloatVector.fromArray(S, init, io + c2);
            FloatVector a3 = FloatVector.fromArray(S, init, io + c3);
            FloatVector a4 = FloatVector.fromArray(S, init, io + c4);
            FloatVector a5 = FloatVector.fromArray(S, init, io + c5);
            FloatVector a6 = FloatVector.fromArray(S, init, io + c6);
            FloatVector a7 = FloatVector.fromArray(S, init, io + c7);
            for (int p = 0; p < k; p++) {
                FloatVector x = FloatVector.broadcast(S, a[ao + p]);
                int row = bo + p * n;
                a0 = FloatVector.fromArray(S, b, row + c0).fma(x, a0);
                a1 = FloatVector.fromArray(S, b, row + c1).fma(x, a1);
                a2 = FloatVector.fromArray(S, b, row + c2).fma(x, a2);
                a3 = FloatVector.fromArray(S, b, row + c3).fma(x, a3);
                a4 = FloatVector.fromArray(S, b, row + c4).fma(x, a4);
                a5 = FloatVector.fromArray(S, b, row + c5).fma(x, a5);
                a6 = FloatVector.fromArray(S, b, row + c6).fma(x, a6);
                a7 = FloatVector.fromArray(S, b, row + c7).fma(x, a7);
            }
            a0.intoArray(out, oo + c0);
            a1.intoArray(out, oo + c1);
            a2.intoArray(out, oo + c2);
            a3.intoArray(out, oo + c3);
            a4.intoArray(out, oo + c4);
            a5.intoArray(out, oo + c5);
            a6.intoArray(out, oo + c6);
            a7.intoArray(out, oo + c7);
        }

        private static void rnnForwardScalar(int h, float[] wT, int wo, float[] prev, int po, float[] x, int xr,
                                             float[] y, int yr) {
            for (int j = 0; j < h; j++) {
                float acc = x[xr + j];
                for (int p = 0; p < h; p++) {
                    acc = Math.fma(prev[po + p], wT[wo + p * h + j], acc);
                }
                y[yr + j] = tanh(acc);
            }
        }

        @Override
        public void rnnBackwardOneStream(int steps, int h, float[] w, int wo, float[] y, int yo,
                                         float[] d, int dOff, float[] dx, int dxo) {
            for (int t = steps - 1; t >= 0; t--) {
                // the last step has no step after it: no product (k = 0)
                int k = t < steps - 1 ? h : 0;
                int next = dxo + (t + 1) * h;
                int dr = dOff + t * h;
                int yr = yo + t * h;
                int xr = dxo + t * h;
                if (h < L) {
                    rnnBackwardScalar(h, k, w, wo, dx, next, d, dr, y, yr, dx, xr);
                    continue;
                }
                chainRow(h, k, dx, next, w, wo, d, dr, dx, xr);
                tanhBackwardRange(y, yr, dx, xr, h);
            }
        }

        private static void rnnBackwardScalar(int h, int k, float[] w, int wo, float[] nx, int no, float[] d, int dr,
                                              float[] y, int yr, float[] dx, int xr) {
            for (int j = 0; j < h; j++) {
                float acc = d[dr + j];
                for (int i = 0; i < k; i++) {
                    acc = Math.fma(nx[no + i], w[wo + i * h + j], acc);
                }
                float v = y[yr + j];
                dx[xr + j] = acc * (1f - v * v);
            }
        }

        @Override
        public void rowsTimesMatrix(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
            for (int r = 0; r < m; r++) {
                int ar = ao + r * k;
                int cr = co + r * n;
                if (n < L) {
                    rowScalar(n, k, a, ar, b, bo, c, cr);
                } else {
                    chainRow(n, k, a, ar, b, bo, c, cr, c, cr);
                }
            }
        }

        private static void rowScalar(int n, int k, float[] a, int ar, float[] b, int bo, float[] c, int cr) {
            for (int j = 0; j < n; j++) {
                float acc = c[cr + j];
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ar + p], b[bo + p * n + j], acc);
                }
                c[cr + j] = acc;
            }
        }

        // ---- building blocks of update rules: no FMA, the scalar order of operations ---------

        @Override
        public void movingAverage(float[] m, int mo, float[] g, int go, int n, float beta) {
            float rest = 1f - beta;
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector.fromArray(S, m, mo + i).mul(beta).add(FloatVector.fromArray(S, g, go + i).mul(rest))
                        .intoArray(m, mo + i);
            }
            for (; i < n; i++) {
                m[mo + i] = beta * m[mo + i] + rest * g[go + i];
            }
        }

        @Override
        public void movingSquareAverage(float[] v, int vo, float[] g, int go, int n, float beta) {
            float rest = 1f - beta;
            boolean sum = beta == 1f;
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector gi = FloatVector.fromArray(S, g, go + i);
                FloatVector vi = FloatVector.fromArray(S, v, vo + i);
                (sum ? vi.add(gi.mul(gi)) : vi.mul(beta).add(gi.mul(rest).mul(gi))).intoArray(v, vo + i);
            }
            for (; i < n; i++) {
                float gi = g[go + i];
                v[vo + i] = sum ? v[vo + i] + gi * gi : beta * v[vo + i] + rest * gi * gi;
            }
        }

        @Override
        public void rootScaledStep(float[] w, int wo, float[] num, int no, float[] den, int dOff, int n, float lr, float eps) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                FloatVector step = FloatVector.fromArray(S, num, no + i).mul(lr)
                        .div(FloatVector.fromArray(S, den, dOff + i).lanewise(VectorOperators.SQRT).add(eps));
                FloatVector.fromArray(S, w, wo + i).sub(step).intoArray(w, wo + i);
            }
            for (; i < n; i++) {
                w[wo + i] -= lr * num[no + i] / ((float) Math.sqrt(den[dOff + i]) + eps);
            }
        }

        // ---- optimizer updates: no FMA, the scalar order of operations: bit-identical -------

        @Override
        public void adagradBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float eps) {
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                int j = off + i;
                FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
                FloatVector mi = FloatVector.fromArray(S, m, j).add(gi.mul(gi));
                mi.intoArray(m, j);
                FloatVector step = gi.mul(lr).div(mi.add(eps).lanewise(VectorOperators.SQRT));
                FloatVector.fromArray(S, w, j).sub(step).intoArray(w, j);
            }
            for (; i < n; i++) {
                int j = off + i;
                float gi = g[gOff + i];
                float mi = m[j] + gi * gi;
                m[j] = mi;
                w[j] -= lr * gi / (float) Math.sqrt(mi + eps);
            }
        }

        @Override
        public void rmspropBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float decay, float eps) {
            float rest = 1f - decay;
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                int j = off + i;
                FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
                FloatVector mi = FloatVector.fromArray(S, m, j).mul(decay).add(gi.mul(rest).mul(gi));
                mi.intoArray(m, j);
                FloatVector step = gi.mul(lr).div(mi.lanewise(VectorOperators.SQRT).add(eps));
                FloatVector.fromArray(S, w, j).sub(step).intoArray(w, j);
            }
            for (; i < n; i++) {
                int j = off + i;
                float gi = g[gOff + i];
                float mi = decay * m[j] + rest * gi * gi;
                m[j] = mi;
                w[j] -= lr * gi / ((float) Math.sqrt(mi) + eps);
            }
        }

        @Override
        public void adamBlock(float[] w, float[] m, float[] v, int off, float[] g, int gOff, int n,
                              float b1, float b2, float lrT, float epsT, float wdLr) {
            float r1 = 1f - b1;
            float r2 = 1f - b2;
            boolean decay = wdLr != 0f;
            int i = 0;
            for (int end = n - L; i <= end; i += L) {
                int j = off + i;
                FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
                FloatVector wi = FloatVector.fromArray(S, w, j);
                if (decay) {
                    wi = wi.sub(wi.mul(wdLr));
                }
                FloatVector mi = FloatVector.fromArray(S, m, j).mul(b1).add(gi.mul(r1));
                FloatVector vi = FloatVector.fromArray(S, v, j).mul(b2).add(gi.mul(r2).mul(gi));
                mi.intoArray(m, j);
                vi.intoArray(v, j);
                wi.sub(mi.mul(lrT).div(vi.lanewise(VectorOperators.SQRT).add(epsT))).intoArray(w, j);
            }
            for (; i < n; i++) {
                int j = off + i;
                float gi = g[gOff + i];
                float wi = w[j];
                if (decay) {
                    wi -= wdLr * wi;
                }
                float mi = b1 * m[j] + r1 * gi;
                float vi = b2 * v[j] + r2 * gi * gi;
                m[j] = mi;
                v[j] = vi;
                w[j] = wi - lrT * mi / ((float) Math.sqrt(vi) + epsT);
            }
        }

        @Override
        public void sgdBlock(float[] w, float[] v, int off, float[] g, int gOff, int n, float lr, float mu, boolean nesterov) {
            int i = 0;
            if (v == null) {
                for (; i <= n - L; i += L) {
                    int j = off + i;
                    FloatVector.fromArray(S, w, j).sub(FloatVector.fromArray(S, g, gOff + i).mul(lr)).intoArray(w, j);
                }
                for (; i < n; i++) {
                    w[off + i] -= lr * g[gOff + i];
                }
                return;
            }
            for (; i <= n - L; i += L) {
                int j = off + i;
                FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
                FloatVector vi = FloatVector.fromArray(S, v, j).mul(mu).add(gi);
                vi.intoArray(v, j);
                FloatVector dir = nesterov ? gi.add(vi.mul(mu)) : vi;
                FloatVector.fromArray(S, w, j).sub(dir.mul(lr)).intoArray(w, j);
            }
            for (; i < n; i++) {
                int j = off + i;
                float gi = g[gOff + i];
                float vi = mu * v[j] + gi;
                v[j] = vi;
                w[j] -= lr * (nesterov ? gi + mu * vi : vi);
            }
        }
    }
}
