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
 * tiles or blocks, nor (but for the gemv form of gemmNT) on the vector width, so
 * {@link dev.vecrnn.internal.kernel.ParallelKernels} reproduces one thread bit for bit. The
 * matrix products live in {@link VectorGemm}, copied per width the same way.
 *
 * <p>Shapes that make the Vector API fast here: several independent accumulators per kernel, no
 * sum across lanes inside a loop, plain float[], and no vector held in a static final (JDK 17
 * reboxes those on every use).
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

        // Pairwise lane sums (see laneSum): shuffles that swap neighbouring blocks of size s.
        // Null where s >= L (never used then).
        private static final VectorShuffle<Float> SWAP1 = swapBlocks(1), SWAP2 = swapBlocks(2),
                SWAP4 = swapBlocks(4), SWAP8 = swapBlocks(8);

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

        // ---- matrix products: VectorGemm's copy for this width --------------------------

        private static final VectorGemm.Products GEMM = VectorGemm.forSpecies(S);

        @Override
        public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            GEMM.gemmNT(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
        }

        @Override
        public void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            GEMM.gemmNN(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
        }

        @Override
        public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            GEMM.gemmTN(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
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
                int w = passWidth(vectors - v, PASS);
                chainPass(n, k, a, ao, b, bo, init, io, out, oo, v, v + w - 1, vectors);
                v += w;
            }
        }

        /**
         * Vectors of the next pass of at most {@code pass}, {@code left} still to do: one fewer
         * when a full pass would leave only the last vector, which must share a pass with the one
         * it overlaps.
         */
        private static int passWidth(int left, int pass) {
            return left == pass + 1 ? pass - 1 : Math.min(pass, left);
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

        // LSTM and GRU: the interface's step loops, with the row kernels called directly (no
        // dispatch per step), so the same bits as the loop over rowsTimesMatrix and the row kernels.

        @Override
        public void lstmForwardOneStream(int steps, int h, float[] wT, int wo, float[] h0, int h0o, float[] c0, int c0o,
                                         float[] gates, int go, float[] c, int co, float[] tc, int tco, float[] y, int yo) {
            for (int t = 0; t < steps; t++) {
                int gr = go + t * 4 * h;
                addRowTimesMatrix(4 * h, h, t == 0 ? h0 : y, t == 0 ? h0o : yo + (t - 1) * h, wT, wo, gates, gr);
                lstmRow(h, gates, gr, t == 0 ? c0 : c, t == 0 ? c0o : co + (t - 1) * h,
                        c, co + t * h, tc, tco + t * h, y, yo + t * h);
            }
        }

        @Override
        public void lstmBackwardOneStream(int steps, int h, float[] w, int wo, float[] gates, int go, float[] c0, int c0o,
                                          float[] c, int co, float[] tc, int tco, float[] dh, int dho, float[] dc, int dco,
                                          float[] dGates, int dgo) {
            for (int t = steps - 1; t >= 0; t--) {
                int dr = dgo + t * 4 * h;
                lstmBackRow(h, gates, go + t * 4 * h, t == 0 ? c0 : c, t == 0 ? c0o : co + (t - 1) * h, tc, tco + t * h,
                        dh, dho + t * h, dc, dco, dGates, dr);
                if (t > 0) {
                    addRowTimesMatrix(h, 4 * h, dGates, dr, w, wo, dh, dho + (t - 1) * h);
                }
            }
        }

        @Override
        public void gruForwardOneStream(int steps, int h, float[] wT, int wo, float[] bhn, int bo, float[] h0, int h0o,
                                        float[] gates, int go, float[] hp, int hpo, float[] y, int yo) {
            for (int t = 0; t < steps; t++) {
                int pr = hpo + t * 3 * h;
                java.util.Arrays.fill(hp, pr, pr + 2 * h, 0f);
                System.arraycopy(bhn, bo, hp, pr + 2 * h, h);
                float[] prev = t == 0 ? h0 : y;
                int po = t == 0 ? h0o : yo + (t - 1) * h;
                addRowTimesMatrix(3 * h, h, prev, po, wT, wo, hp, pr);
                gruRow(h, gates, go + t * 3 * h, hp, pr, prev, po, y, yo + t * h);
            }
        }

        @Override
        public void gruBackwardOneStream(int steps, int h, float[] w, int wo, float[] gates, int go, float[] hp, int hpo,
                                         float[] h0, int h0o, float[] y, int yo, float[] dh, int dho,
                                         float[] dGates, int dgo, float[] dHp, int dhpo) {
            for (int t = steps - 1; t >= 0; t--) {
                int pr = dhpo + t * 3 * h;
                gruBackRow(h, gates, go + t * 3 * h, hp, hpo + t * 3 * h, t == 0 ? h0 : y,
                        t == 0 ? h0o : yo + (t - 1) * h, dh, dho + t * h, dGates, dgo + t * 3 * h, dHp, pr,
                        t > 0 ? dh : null, dho + (t - 1) * h);
                if (t > 0) {
                    addRowTimesMatrix(h, 3 * h, dHp, pr, w, wo, dh, dho + (t - 1) * h);
                }
            }
        }

        // The in-register transpose (transpose): stage k exchanges, between rows k apart, the lanes
        // whose index has bit k set in the first with those that have it clear in the second. One-
        // input rearranges and blends: JDK 17 compiles two-input rearranges 6x slower than scalar.
        private static final VectorShuffle<Float> UP1 = stageShuffle(1, true), DOWN1 = stageShuffle(1, false),
                UP2 = stageShuffle(2, true), DOWN2 = stageShuffle(2, false), UP4 = stageShuffle(4, true),
                DOWN4 = stageShuffle(4, false), UP8 = stageShuffle(8, true), DOWN8 = stageShuffle(8, false);
        private static final VectorMask<Float> HIGH1 = stageMask(1), HIGH2 = stageMask(2), HIGH4 = stageMask(4),
                HIGH8 = stageMask(8);

        /** Lane l from lane l - k where bit k is set (up), or from l + k where it is clear (down); null if k >= L. */
        private static VectorShuffle<Float> stageShuffle(int k, boolean up) {
            if (k >= L) {
                return null;
            }
            int[] from = new int[L];
            for (int l = 0; l < L; l++) {
                boolean high = (l & k) != 0;
                from[l] = up ? (high ? l - k : l) : (high ? l : l + k);
            }
            return VectorShuffle.fromArray(S, from, 0);
        }

        private static VectorMask<Float> stageMask(int k) {
            if (k >= L) {
                return null;
            }
            boolean[] high = new boolean[L];
            for (int l = 0; l < L; l++) {
                high[l] = (l & k) != 0;
            }
            return VectorMask.fromArray(S, high, 0);
        }

        /**
         * Whether {@link #transpose} uses the blocks: measured on JDK 25. On JDK 17 a 5,000-iteration
         * seed run took 0.2 s longer with them (C2 takes longer to get to their compiled code than
         * the run gains from it), 100,000 iterations 0-14 % less, so 17 keeps the element-by-element copy.
         */
        private static final boolean BLOCK_TRANSPOSE = Runtime.version().feature() >= 25;

        /**
         * Blocks of L x L through registers (L = 8 or 16); a partial last block row or column is
         * a full block that overlaps the one before it (writing the same values twice): 2-4x the
         * default's speed at the one-stream run's 100 x 100 and 65 x 100, whose weights it
         * transposes every iteration. t must not overlap a.
         */
        @Override
        public void transpose(int rows, int cols, float[] a, int ao, int lda, float[] t, int to, int ldt) {
            if (!BLOCK_TRANSPOSE || (L != 8 && L != 16) || rows < L || cols < L) {
                Kernels.super.transpose(rows, cols, a, ao, lda, t, to, ldt);
                return;
            }
            for (int bi = 0; bi < rows; bi += L) {
                int i0 = Math.min(bi, rows - L);
                for (int bj = 0; bj < cols; bj += L) {
                    int j0 = Math.min(bj, cols - L);
                    if (L == 16) {
                        block16(a, ao + i0 * lda + j0, lda, t, to + j0 * ldt + i0, ldt);
                    } else {
                        block8(a, ao + i0 * lda + j0, lda, t, to + j0 * ldt + i0, ldt);
                    }
                }
            }
        }

        /** One 16 x 16 block of {@link #transpose}: rows of a in registers, then four swaps of lane blocks. */
        private static void block16(float[] a, int ao, int lda, float[] t, int to, int ldt) {
            FloatVector r0 = FloatVector.fromArray(S, a, ao);
            FloatVector r1 = FloatVector.fromArray(S, a, ao + lda);
            FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * lda);
            FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * lda);
            FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * lda);
            FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * lda);
            FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * lda);
            FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * lda);
            FloatVector r8 = FloatVector.fromArray(S, a, ao + 8 * lda);
            FloatVector r9 = FloatVector.fromArray(S, a, ao + 9 * lda);
            FloatVector r10 = FloatVector.fromArray(S, a, ao + 10 * lda);
            FloatVector r11 = FloatVector.fromArray(S, a, ao + 11 * lda);
            FloatVector r12 = FloatVector.fromArray(S, a, ao + 12 * lda);
            FloatVector r13 = FloatVector.fromArray(S, a, ao + 13 * lda);
            FloatVector r14 = FloatVector.fromArray(S, a, ao + 14 * lda);
            FloatVector r15 = FloatVector.fromArray(S, a, ao + 15 * lda);
            VectorShuffle<Float> up = UP8;
            VectorShuffle<Float> down = DOWN8;
            VectorMask<Float> high = HIGH8;
            FloatVector x;
            x = r0.blend(r8.rearrange(up), high);
            r8 = r0.rearrange(down).blend(r8, high);
            r0 = x;
            x = r1.blend(r9.rearrange(up), high);
            r9 = r1.rearrange(down).blend(r9, high);
            r1 = x;
            x = r2.blend(r10.rearrange(up), high);
            r10 = r2.rearrange(down).blend(r10, high);
            r2 = x;
            x = r3.blend(r11.rearrange(up), high);
            r11 = r3.rearrange(down).blend(r11, high);
            r3 = x;
            x = r4.blend(r12.rearrange(up), high);
            r12 = r4.rearrange(down).blend(r12, high);
            r4 = x;
            x = r5.blend(r13.rearrange(up), high);
            r13 = r5.rearrange(down).blend(r13, high);
            r5 = x;
            x = r6.blend(r14.rearrange(up), high);
            r14 = r6.rearrange(down).blend(r14, high);
            r6 = x;
            x = r7.blend(r15.rearrange(up), high);
            r15 = r7.rearrange(down).blend(r15, high);
            r7 = x;
            up = UP4;
            down = DOWN4;
            high = HIGH4;
            x = r0.blend(r4.rearrange(up), high);
            r4 = r0.rearrange(down).blend(r4, high);
            r0 = x;
            x = r1.blend(r5.rearrange(up), high);
            r5 = r1.rearrange(down).blend(r5, high);
            r1 = x;
            x = r2.blend(r6.rearrange(up), high);
            r6 = r2.rearrange(down).blend(r6, high);
            r2 = x;
            x = r3.blend(r7.rearrange(up), high);
            r7 = r3.rearrange(down).blend(r7, high);
            r3 = x;
            x = r8.blend(r12.rearrange(up), high);
            r12 = r8.rearrange(down).blend(r12, high);
            r8 = x;
            x = r9.blend(r13.rearrange(up), high);
            r13 = r9.rearrange(down).blend(r13, high);
            r9 = x;
            x = r10.blend(r14.rearrange(up), high);
            r14 = r10.rearrange(down).blend(r14, high);
            r10 = x;
            x = r11.blend(r15.rearrange(up), high);
            r15 = r11.rearrange(down).blend(r15, high);
            r11 = x;
            up = UP2;
            down = DOWN2;
            high = HIGH2;
            x = r0.blend(r2.rearrange(up), high);
            r2 = r0.rearrange(down).blend(r2, high);
            r0 = x;
            x = r1.blend(r3.rearrange(up), high);
            r3 = r1.rearrange(down).blend(r3, high);
            r1 = x;
            x = r4.blend(r6.rearrange(up), high);
            r6 = r4.rearrange(down).blend(r6, high);
            r4 = x;
            x = r5.blend(r7.rearrange(up), high);
            r7 = r5.rearrange(down).blend(r7, high);
            r5 = x;
            x = r8.blend(r10.rearrange(up), high);
            r10 = r8.rearrange(down).blend(r10, high);
            r8 = x;
            x = r9.blend(r11.rearrange(up), high);
            r11 = r9.rearrange(down).blend(r11, high);
            r9 = x;
            x = r12.blend(r14.rearrange(up), high);
            r14 = r12.rearrange(down).blend(r14, high);
            r12 = x;
            x = r13.blend(r15.rearrange(up), high);
            r15 = r13.rearrange(down).blend(r15, high);
            r13 = x;
            up = UP1;
            down = DOWN1;
            high = HIGH1;
            x = r0.blend(r1.rearrange(up), high);
            r1 = r0.rearrange(down).blend(r1, high);
            r0 = x;
            x = r2.blend(r3.rearrange(up), high);
            r3 = r2.rearrange(down).blend(r3, high);
            r2 = x;
            x = r4.blend(r5.rearrange(up), high);
            r5 = r4.rearrange(down).blend(r5, high);
            r4 = x;
            x = r6.blend(r7.rearrange(up), high);
            r7 = r6.rearrange(down).blend(r7, high);
            r6 = x;
            x = r8.blend(r9.rearrange(up), high);
            r9 = r8.rearrange(down).blend(r9, high);
            r8 = x;
            x = r10.blend(r11.rearrange(up), high);
            r11 = r10.rearrange(down).blend(r11, high);
            r10 = x;
            x = r12.blend(r13.rearrange(up), high);
            r13 = r12.rearrange(down).blend(r13, high);
            r12 = x;
            x = r14.blend(r15.rearrange(up), high);
            r15 = r14.rearrange(down).blend(r15, high);
            r14 = x;
            r0.intoArray(t, to);
            r1.intoArray(t, to + ldt);
            r2.intoArray(t, to + 2 * ldt);
            r3.intoArray(t, to + 3 * ldt);
            r4.intoArray(t, to + 4 * ldt);
            r5.intoArray(t, to + 5 * ldt);
            r6.intoArray(t, to + 6 * ldt);
            r7.intoArray(t, to + 7 * ldt);
            r8.intoArray(t, to + 8 * ldt);
            r9.intoArray(t, to + 9 * ldt);
            r10.intoArray(t, to + 10 * ldt);
            r11.intoArray(t, to + 11 * ldt);
            r12.intoArray(t, to + 12 * ldt);
            r13.intoArray(t, to + 13 * ldt);
            r14.intoArray(t, to + 14 * ldt);
            r15.intoArray(t, to + 15 * ldt);
        }

        /** One 8 x 8 block of {@link #transpose}: rows of a in registers, then three swaps of lane blocks. */
        private static void block8(float[] a, int ao, int lda, float[] t, int to, int ldt) {
            FloatVector r0 = FloatVector.fromArray(S, a, ao);
            FloatVector r1 = FloatVector.fromArray(S, a, ao + lda);
            FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * lda);
            FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * lda);
            FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * lda);
            FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * lda);
            FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * lda);
            FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * lda);
            VectorShuffle<Float> up = UP4;
            VectorShuffle<Float> down = DOWN4;
            VectorMask<Float> high = HIGH4;
            FloatVector x;
            x = r0.blend(r4.rearrange(up), high);
            r4 = r0.rearrange(down).blend(r4, high);
            r0 = x;
            x = r1.blend(r5.rearrange(up), high);
            r5 = r1.rearrange(down).blend(r5, high);
            r1 = x;
            x = r2.blend(r6.rearrange(up), high);
            r6 = r2.rearrange(down).blend(r6, high);
            r2 = x;
            x = r3.blend(r7.rearrange(up), high);
            r7 = r3.rearrange(down).blend(r7, high);
            r3 = x;
            up = UP2;
            down = DOWN2;
            high = HIGH2;
            x = r0.blend(r2.rearrange(up), high);
            r2 = r0.rearrange(down).blend(r2, high);
            r0 = x;
            x = r1.blend(r3.rearrange(up), high);
            r3 = r1.rearrange(down).blend(r3, high);
            r1 = x;
            x = r4.blend(r6.rearrange(up), high);
            r6 = r4.rearrange(down).blend(r6, high);
            r4 = x;
            x = r5.blend(r7.rearrange(up), high);
            r7 = r5.rearrange(down).blend(r7, high);
            r5 = x;
            up = UP1;
            down = DOWN1;
            high = HIGH1;
            x = r0.blend(r1.rearrange(up), high);
            r1 = r0.rearrange(down).blend(r1, high);
            r0 = x;
            x = r2.blend(r3.rearrange(up), high);
            r3 = r2.rearrange(down).blend(r3, high);
            r2 = x;
            x = r4.blend(r5.rearrange(up), high);
            r5 = r4.rearrange(down).blend(r5, high);
            r4 = x;
            x = r6.blend(r7.rearrange(up), high);
            r7 = r6.rearrange(down).blend(r7, high);
            r6 = x;
            r0.intoArray(t, to);
            r1.intoArray(t, to + ldt);
            r2.intoArray(t, to + 2 * ldt);
            r3.intoArray(t, to + 3 * ldt);
            r4.intoArray(t, to + 4 * ldt);
            r5.intoArray(t, to + 5 * ldt);
            r6.intoArray(t, to + 6 * ldt);
            r7.intoArray(t, to + 7 * ldt);
        }

        /**
         * Rows of C computed together by {@link #rowsTimesMatrix} where vectors are 512 bits (32
         * registers: 4 x 4 accumulators, 4 loads of B and 4 broadcasts): each vector of B loaded
         * serves four rows, so the product is no longer bound by loading B from L2. Narrower
         * vectors (16 registers) keep one row at a time.
         */
        private static final boolean FOUR_ROWS = S.vectorBitSize() >= 512;
        /** Vectors per pass of a block of rows. */
        private static final int BLOCK_PASS = 4;

        @Override
        public void rowsTimesMatrix(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
            int r = 0;
            if (n >= L && FOUR_ROWS) {
                for (; r + 4 <= m; r += 4) {
                    chainFourRows(n, k, a, ao + r * k, b, bo, c, co + r * n);
                }
            }
            for (; r < m; r++) {
                addRowTimesMatrix(n, k, a, ao + r * k, b, bo, c, co + r * n);
            }
        }

        /** One row of {@link #rowsTimesMatrix}: c[cr..] += a[ar..] * B, in place. */
        private static void addRowTimesMatrix(int n, int k, float[] a, int ar, float[] b, int bo, float[] c, int cr) {
            if (n < L) {
                rowScalar(n, k, a, ar, b, bo, c, cr);
            } else {
                chainRow(n, k, a, ar, b, bo, c, cr, c, cr);
            }
        }

        /**
         * Four consecutive rows of C += A*B in place, each element the same FMA chain as
         * {@link #chainRow} gives it (so the same bits), in passes of up to {@link #BLOCK_PASS}
         * vectors that keep the overlapping last pair together.
         */
        private static void chainFourRows(int n, int k, float[] a, int ar, float[] b, int bo, float[] c, int cr) {
            int vectors = (n + L - 1) / L;
            for (int v = 0; v < vectors; ) {
                int w = passWidth(vectors - v, BLOCK_PASS);
                fourRowPass(n, k, a, ar, b, bo, c, cr, v, v + w - 1, vectors);
                v += w;
            }
        }

        /** Vectors [v, last] of four rows of C (see {@link #chainFourRows}); all loads of C come before its stores. */
        private static void fourRowPass(int n, int k, float[] a, int ar, float[] b, int bo, float[] c, int cr,
                                        int v, int last, int vectors) {
            int c0 = passStart(v, last, vectors, n), c1 = passStart(v + 1, last, vectors, n);
            int c2 = passStart(v + 2, last, vectors, n), c3 = passStart(v + 3, last, vectors, n);
            int r1 = cr + n, r2 = cr + 2 * n, r3 = cr + 3 * n;
            FloatVector s00 = FloatVector.fromArray(S, c, cr + c0), s01 = FloatVector.fromArray(S, c, cr + c1);
            FloatVector s02 = FloatVector.fromArray(S, c, cr + c2), s03 = FloatVector.fromArray(S, c, cr + c3);
            FloatVector s10 = FloatVector.fromArray(S, c, r1 + c0), s11 = FloatVector.fromArray(S, c, r1 + c1);
            FloatVector s12 = FloatVector.fromArray(S, c, r1 + c2), s13 = FloatVector.fromArray(S, c, r1 + c3);
            FloatVector s20 = FloatVector.fromArray(S, c, r2 + c0), s21 = FloatVector.fromArray(S, c, r2 + c1);
            FloatVector s22 = FloatVector.fromArray(S, c, r2 + c2), s23 = FloatVector.fromArray(S, c, r2 + c3);
            FloatVector s30 = FloatVector.fromArray(S, c, r3 + c0), s31 = FloatVector.fromArray(S, c, r3 + c1);
            FloatVector s32 = FloatVector.fromArray(S, c, r3 + c2), s33 = FloatVector.fromArray(S, c, r3 + c3);
            for (int p = 0; p < k; p++) {
                int row = bo + p * n;
                FloatVector b0 = FloatVector.fromArray(S, b, row + c0);
                FloatVector b1 = FloatVector.fromArray(S, b, row + c1);
                FloatVector b2 = FloatVector.fromArray(S, b, row + c2);
                FloatVector b3 = FloatVector.fromArray(S, b, row + c3);
                FloatVector x = FloatVector.broadcast(S, a[ar + p]);
                s00 = b0.fma(x, s00);
                s01 = b1.fma(x, s01);
                s02 = b2.fma(x, s02);
                s03 = b3.fma(x, s03);
                x = FloatVector.broadcast(S, a[ar + k + p]);
                s10 = b0.fma(x, s10);
                s11 = b1.fma(x, s11);
                s12 = b2.fma(x, s12);
                s13 = b3.fma(x, s13);
                x = FloatVector.broadcast(S, a[ar + 2 * k + p]);
                s20 = b0.fma(x, s20);
                s21 = b1.fma(x, s21);
                s22 = b2.fma(x, s22);
                s23 = b3.fma(x, s23);
                x = FloatVector.broadcast(S, a[ar + 3 * k + p]);
                s30 = b0.fma(x, s30);
                s31 = b1.fma(x, s31);
                s32 = b2.fma(x, s32);
                s33 = b3.fma(x, s33);
            }
            s00.intoArray(c, cr + c0);
            s01.intoArray(c, cr + c1);
            s02.intoArray(c, cr + c2);
            s03.intoArray(c, cr + c3);
            s10.intoArray(c, r1 + c0);
            s11.intoArray(c, r1 + c1);
            s12.intoArray(c, r1 + c2);
            s13.intoArray(c, r1 + c3);
            s20.intoArray(c, r2 + c0);
            s21.intoArray(c, r2 + c1);
            s22.intoArray(c, r2 + c2);
            s23.intoArray(c, r2 + c3);
            s30.intoArray(c, r3 + c0);
            s31.intoArray(c, r3 + c1);
            s32.intoArray(c, r3 + c2);
            s33.intoArray(c, r3 + c3);
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
