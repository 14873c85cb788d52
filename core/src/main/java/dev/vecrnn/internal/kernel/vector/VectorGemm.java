package dev.vecrnn.internal.kernel.vector;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three matrix products of {@link VectorKernels} ({@code C += A B^T}, {@code A B},
 * {@code A^T B}; the contracts are those of {@link dev.vecrnn.internal.kernel.Kernels}).
 *
 * <p>{@link Impl} reads its species from a {@code static final}, for the reason
 * {@link VectorKernels} gives: each width other than the CPU's preferred one gets its own copy,
 * a hidden class defined from the same bytecode with the species as its class data. Each copy
 * of {@code VectorKernels.Impl} holds the copy of its own width in a {@code static final}, so
 * that C2 inlines the products into it as if they were its own methods.
 */
final class VectorGemm {

    /**
     * Steps of k per block of a matrix product, at most. Each element of C is summed one block
     * of k after the other (see {@link Impl}); the bounds of the blocks depend on k alone, so
     * that the bits of C do not depend on how C is cut.
     */
    static final int GEMM_KC = 256;

    private VectorGemm() {
    }

    /** The number of blocks of k in a product of depth k. */
    static int gemmBlocks(int k) {
        return (k + GEMM_KC - 1) / GEMM_KC;
    }

    /** Where block {@code blk} of {@code blocks} of k starts ({@code blk == blocks}: k). Even blocks. */
    static int gemmBlockStart(int k, int blocks, int blk) {
        return (int) ((long) k * blk / blocks);
    }

    /** The three products, on one vector width. */
    interface Products {
        void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                    float[] c, int co, int ldc);

        void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                    float[] c, int co, int ldc);

        void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                    float[] c, int co, int ldc);
    }

    /** The products on {@code species}: Impl itself for the preferred one, else a new copy. */
    static Products forSpecies(VectorSpecies<Float> species) {
        if (species.equals(FloatVector.SPECIES_PREFERRED)) {
            return new Impl();
        }
        String file = Impl.class.getName().substring(Impl.class.getPackageName().length() + 1) + ".class";
        try (InputStream in = Impl.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("cannot read the bytecode of " + Impl.class.getName());
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClassWithClassData(
                    in.readAllBytes(), species, true, MethodHandles.Lookup.ClassOption.NESTMATE);
            return (Products) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the " + species.vectorBitSize() + " bit matrix products", e);
        }
    }

    /**
     * The products. Everything that touches a vector lives here, in static methods that read the
     * constant {@link #S}; no nested classes or lambdas, which would not be copied with it.
     */
    static final class Impl implements Products {

        private static final VectorSpecies<Float> S = species();
        /** Lanes per vector. */
        private static final int L = S.length();
        // No static final vectors (e.g. a zero): JDK 17 reboxes them on every use, 10x slower.

        // Transposes and pairwise lane sums (see foldLevel): masks of the odd blocks of size s,
        // and shuffles that swap neighbouring blocks of size s. Null where s >= L (never used then).
        private static final VectorMask<Float> ODD1 = oddBlocks(1), ODD2 = oddBlocks(2),
                ODD4 = oddBlocks(4), ODD8 = oddBlocks(8);
        private static final VectorShuffle<Float> SWAP1 = swapBlocks(1), SWAP2 = swapBlocks(2),
                SWAP4 = swapBlocks(4), SWAP8 = swapBlocks(8);

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

        // ---- matrix products ---------------------------------------------------------------
        //
        // One chain per element of C, whatever the tiling: k is cut into blocks whose bounds
        // depend on k alone (gemmBlockStart), and for each block in order an element gets s = 0,
        // s = fma(A(i,p), B(p,j), s) for p in order, c += s. Every path below (the register
        // tiles, the packed copies, vectors along the rows or the columns of C, any width)
        // does exactly these operations for every element, so C does not depend on how m or n
        // are cut (ParallelKernels, FusedOutputBackward, the split recurrence), on the tile an
        // element falls in, or on the vector width. The one exception is gemmNT with fewer
        // than NT_DOT_ROWS rows (a gemv): dot products, summed across lanes (see dotGemmNT).
        //
        // The tiles broadcast one element of A against vectors along a row of B: 4 rows x 4
        // vectors (4 loads and 4 broadcasts feed 16 FMAs), 4 x 5, 4 x 3, 4 x 2 and 4 x 1 for the
        // vectors left at the end of a row, 8 x 2 and 8 x 1 when C is at most two vectors wide,
        // and one row of up to 8 vectors for the rows left. When n is not a multiple of L the
        // last vector of a row is the whole vector that ends at column n, overlapping the one
        // before: only its last lastCols lanes reach C, through tmp (masked stores are slow on
        // JDK 17). Rows narrower than a vector are read from a copy with zeros in front (the strip).
        //
        // gemmNN and gemmTN with enough rows, columns and k copy B into micro-panels (see
        // rowPanels); the other shapes read B where it is. gemmNT needs B transposed: with enough rows
        // of A it packs B^T a block at a time (a copy read by every row of A); with few rows it
        // packs A^T instead and computes C^T, vectors along the columns of C.
        //
        // Memory: the products of W2 and of the adaptive softmax's tails stream a matrix larger
        // than the caches, and Java has no prefetch instruction, so what the tiles would read
        // scattered (a few floats from each of k rows, a strip of columns of each row) is first
        // copied together in long runs, which the hardware prefetches, and a large C is read a
        // band ahead of its tiles (touch). See direct and packedNT for when.
        //
        // Scratch space (packed blocks, copies, the strip, tmp) is one array per thread, reused:
        // no allocation per call, and safe when ParallelKernels runs these on several threads.

        /** gemmNT with fewer rows of A than this takes dot products (a gemv). */
        private static final int NT_DOT_ROWS = 8;
        /** Steps of k per block, at most (a pass over C). */
        private static final int KC = GEMM_KC;
        /** gemmNT: rows of A up to which C^T is computed from a packed A^T (else B^T is packed). */
        private static final int NT_COLUMN_ROWS = 32;
        /** gemmNT with packed B^T: floats per packed block of B^T, at most. */
        private static final int NT_PANEL = 128 * 1024;
        /** gemmNT with C^T: rows of B per block of C^T (C^T stays in L1 while it is added to C). */
        private static final int NT_COLUMN_BLOCK = 128;
        /** gemmNN/TN: with at most this many rows of C, a large B is copied a block of k at a time. */
        private static final int COPY_B_ROWS = 64;
        /** gemmNN/TN: B of at least this many floats is too large for the caches (see direct). */
        private static final int COPY_B_FLOATS = 1 << 20;
        /** gemmNN/TN: the widest B copied (the copy is KC rows of it). */
        private static final int COPY_B_WIDTH = 1024;
        /** Rows of A at least this far apart (floats) are copied together before use. */
        private static final int COPY_STRIDE = 2048;
        /** Floats of A copied together at most. */
        private static final int A_BLOCK = 64 * 1024;
        /**
         * A C of at least TOUCH_FLOATS floats (more than L2 holds) is read ahead of the tiles, a
         * band at a time (see touch), when k is at most TOUCH_K: a tile then does little work
         * per float of C, and longer tiles hide the wait themselves.
         */
        private static final int TOUCH_FLOATS = 256 * 1024;
        private static final int TOUCH_K = 64;

        /** Floats of C per block of rows when k takes several blocks: the block stays in L2. */
        private static final int C_BLOCK = 64 * 1024;

        /** Where the scratch array's parts start: tmp (8 vectors), then the strip, then packed data. */
        private static final int TMP = 0;
        private static final int STRIP = 8 * L;
        private static final int PACKED = STRIP + KC * L;

        private static final ThreadLocal<float[]> SCRATCH = new ThreadLocal<>();

        /** This thread's scratch array, at least {@code size} floats. */
        private static float[] scratch(int size) {
            float[] s = SCRATCH.get();
            if (s == null || s.length < size) {
                s = new float[Math.max(size, PACKED)];
                SCRATCH.set(s);
            }
            return s;
        }

        @Override
        public void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            if (rowPanelled(m, n, k)) {
                rowPanels(m, n, k, a, ao, lda, 1, b, bo, ldb, c, co, ldc);
            } else {
                direct(m, n, k, a, ao, lda, 1, b, bo, ldb, c, co, ldc);
            }
        }

        @Override
        public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            if (rowPanelled(m, n, k)) {
                rowPanels(m, n, k, a, ao, 1, lda, b, bo, ldb, c, co, ldc);
            } else {
                direct(m, n, k, a, ao, 1, lda, b, bo, ldb, c, co, ldc);
            }
        }

        @Override
        public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
            if (m <= 0 || n <= 0) {
                return;
            }
            if (m < NT_DOT_ROWS) {
                dotGemmNT(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
            } else if (panelled(m, n, k)) {
                panels(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
            } else if (k > 0 && m <= NT_COLUMN_ROWS) {
                columnsNT(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
            } else if (k > 0) {
                packedNT(m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
            }
        }

        // ---- gemmNT on micro-panels: A and B^T both packed in the order the tile reads them --
        //
        // With many rows of C, a block of k of B^T is packed into panels of 4 vectors' width, each
        // panel the kc rows of its 4L columns one after the other, and a block of A into groups
        // of 4 rows, each the 4 values of its rows at p one after the other. The tile then reads
        // both at p * constant: C2 moves the bounds checks out of the loop (it cannot with the
        // strides as parameters, as in packedNT's rows of B^T as wide as its block), and both are
        // read in order from cache. Loop order (columns of C, then blocks of k, then rows) keeps
        // each element's chain in block order. The columns past the last whole panel and the rows
        // past the last group of 4 take packedNT, which computes the same chain.

        /** Rows of C from which the micro-panels pay for packing A. */
        private static final int PANEL_MIN_ROWS = 32;
        /** Steps of k from which they pay (shorter tiles spend their time on C). */
        private static final int PANEL_MIN_K = 32;
        /** Floats of B^T packed at a time, at most (half of L2). */
        private static final int PANEL_B_FLOATS = 128 * 1024;
        /** Rows of A packed at a time. */
        private static final int PANEL_A_ROWS = 128;

        /**
         * Panels of B^T from which packing A pays (each group of A is packed once for all of them):
         * on a Zen 5, NT:2500x128x128 ran at 88 GFLOP/s on packed B^T and 143 on two panels, while
         * NT:2500x65x128 (one panel and a column) fell from 128 to 74.
         */
        private static final int PANEL_MIN_PANELS = 2;

        private static boolean panelled(int m, int n, int k) {
            return m >= PANEL_MIN_ROWS && n >= PANEL_MIN_PANELS * 4 * L && k >= PANEL_MIN_K;
        }

        /** gemmNT on micro-panels, the edges by packedNT. */
        private static void panels(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                   float[] c, int co, int ldc) {
            int w = 4 * L;
            int n4 = n / w * w;
            int m4 = m / 4 * 4;
            int blocks = gemmBlocks(k);
            int kc = Math.min(k, KC);
            int nc = Math.max(w, PANEL_B_FLOATS / kc / w * w);
            int mc = Math.min(m4, PANEL_A_ROWS);
            int pa = PACKED;
            int pb = pa + mc * kc;
            float[] s = scratch(pb + Math.min(nc, n4) * kc);
            for (int j0 = 0; j0 < n4; j0 += nc) {
                int cols = Math.min(nc, n4 - j0);
                for (int blk = 0; blk < blocks; blk++) {
                    int p0 = gemmBlockStart(k, blocks, blk);
                    int p1 = gemmBlockStart(k, blocks, blk + 1);
                    packPanelsB(b, bo + j0 * ldb + p0, ldb, p1 - p0, cols, s, pb);
                    for (int i0 = 0; i0 < m4; i0 += mc) {
                        int rows = Math.min(mc, m4 - i0);
                        packGroupsA(a, ao + i0 * lda + p0, lda, rows, p1 - p0, s, pa);
                        panelTiles(rows, cols, p1 - p0, s, pa, pb, c, co + i0 * ldc + j0, ldc);
                    }
                }
            }
            // the edges: rows m4.. of the panels' columns, then all rows of the columns left
            if (m4 < m) {
                packedNT(m - m4, n4, k, a, ao + m4 * lda, lda, b, bo, ldb, c, co + m4 * ldc, ldc);
            }
            if (n4 < n) {
                packedNT(m, n - n4, k, a, ao, lda, b, bo + n4 * ldb, ldb, c, co + n4, ldc);
            }
        }

        /** Every 4 x 4 tile of rows x cols of C over one block of k (kc steps), from the packed groups and panels. */
        private static void panelTiles(int rows, int cols, int kc, float[] s, int pa, int pb, float[] c, int co, int ldc) {
            int w = 4 * L;
            for (int j = 0; j < cols; j += w) {
                int panel = pb + j * kc;
                for (int i = 0; i < rows; i += 4) {
                    k4x4p(kc, s, pa + i * kc, panel, c, co + i * ldc + j, ldc);
                }
            }
        }

        /**
         * B^T's block (cols rows of B, each kc long from bo, leading dimension ldb; cols a multiple
         * of 4L) into panels: panel q at t[to + q*kc*4L], its row p at + p*4L.
         */
        private static void packPanelsB(float[] b, int bo, int ldb, int kc, int cols, float[] t, int to) {
            int w = 4 * L;
            for (int q = 0; q < cols; q += w) {
                packTransposed(b, bo + q * ldb, ldb, w, kc, t, to + q * kc, w);
            }
        }

        /**
         * rows (a multiple of 4) x kc of A (leading dimension lda) into groups of 4 rows: group g
         * at t[to + g*4*kc], the 4 values at p at + 4p.
         */
        private static void packGroupsA(float[] a, int ao, int lda, int rows, int kc, float[] t, int to) {
            for (int i = 0; i < rows; i += 4) {
                int g = to + i * kc;
                for (int r = 0; r < 4; r++) {
                    int ar = ao + (i + r) * lda;
                    for (int p = 0; p < kc; p++) {
                        t[g + 4 * p + r] = a[ar + p];
                    }
                }
            }
        }

        // ---- gemmNN and gemmTN on the same micro-panels ------------------------------------
        //
        // B's rows are already rows of a panel: its block is copied a panel (4 vectors wide) at a
        // time, no transpose. gemmNN reads A in place: each of a tile's 4 rows is a run along k,
        // read at its own start + p. gemmTN packs A into groups of 4 rows as gemmNT does (each
        // group's 4 values at p are 4 neighbours in row p of A's storage). The tiles that read
        // both in place (direct) have their strides as parameters, so C2 keeps a bounds check on
        // every load; on a Zen 5 they ran at 55-65 % of OpenBLAS on W3's and W4's products.
        // Loop order: a block of rows of C (it stays in L2 across the blocks of k), the blocks of
        // k in order (the chain), the blocks of columns. The rows past the last group of 4 and the
        // columns past the last whole panel take direct, which computes the same chain.

        /** Rows of C per block of the row panels (A packed for gemmTN: a quarter of L2; its block of C stays in L2 across the blocks of k). */
        private static final int ROW_PANEL_ROWS = 256;

        /** Rows of C from which the row panels pay for copying B (each row reads the copy). */
        private static final int ROW_PANEL_MIN_ROWS = 16;
        /** Steps of k from which they pay (W2's output gradient, TN:45558x200x25, gains from 16). */
        private static final int ROW_PANEL_MIN_K = 16;

        /**
         * At least one whole panel, and not few rows of C against a B from memory (W2's 25 x 200 x
         * 45,558): direct's copies stream that B, and the panels would only copy it again.
         */
        private static boolean rowPanelled(int m, int n, int k) {
            return m >= ROW_PANEL_MIN_ROWS && n >= 4 * L && k >= ROW_PANEL_MIN_K
                    && !(m <= COPY_B_ROWS && (long) k * n >= COPY_B_FLOATS);
        }

        /** C[m x n] += A B on micro-panels, A(i, p) = a[ao + i*ai + p*ap] (one of ai, ap is 1); the edges by direct. */
        private static void rowPanels(int m, int n, int k, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                      float[] c, int co, int ldc) {
            int w = 4 * L;
            int n4 = n / w * w;
            int m4 = m / 4 * 4;
            int blocks = gemmBlocks(k);
            int kc = Math.min(k, KC);
            int nc = Math.min(n4, Math.max(w, PANEL_B_FLOATS / kc / w * w));
            int mc = Math.min(m4, ROW_PANEL_ROWS);
            int pa = PACKED;
            int pb = pa + mc * kc;
            float[] s = scratch(pb + nc * kc);
            for (int i0 = 0; i0 < m4; i0 += mc) {
                int rows = Math.min(mc, m4 - i0);
                for (int blk = 0; blk < blocks; blk++) {
                    int p0 = gemmBlockStart(k, blocks, blk);
                    int len = gemmBlockStart(k, blocks, blk + 1) - p0;
                    if (ap != 1) {
                        packColumnGroupsA(a, ao + i0 + p0 * ap, ap, rows, len, s, pa);
                    }
                    for (int j0 = 0; j0 < n4; j0 += nc) {
                        int cols = Math.min(nc, n4 - j0);
                        packPanelsRows(b, bo + p0 * ldb + j0, ldb, len, cols, s, pb);
                        if (ap == 1) {
                            rowTilesInPlace(rows, cols, len, a, ao + i0 * ai + p0, ai, s, pb, c, co + i0 * ldc + j0, ldc);
                        } else {
                            panelTiles(rows, cols, len, s, pa, pb, c, co + i0 * ldc + j0, ldc);
                        }
                    }
                }
            }
            if (m4 < m) {
                direct(m - m4, n4, k, a, ao + m4 * ai, ai, ap, b, bo, ldb, c, co + m4 * ldc, ldc);
            }
            if (n4 < n) {
                direct(m, n - n4, k, a, ao, ai, ap, b, bo + n4, ldb, c, co + n4, ldc);
            }
        }

        /**
         * panelTiles with A read in place (gemmNN: its rows are runs along k, so each of a tile's
         * 4 rows is read at its own start + p, which C2 can check once per tile).
         */
        private static void rowTilesInPlace(int rows, int cols, int kc, float[] a, int ao, int lda, float[] s, int pb,
                                            float[] c, int co, int ldc) {
            int w = 4 * L;
            for (int j = 0; j < cols; j += w) {
                int panel = pb + j * kc;
                for (int i = 0; i < rows; i += 4) {
                    int a0 = ao + i * lda;
                    k4x4r(kc, a, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, s, panel, c, co + i * ldc + j, ldc);
                }
            }
        }

        /** A 4 x 4 tile from 4 rows of A in place (A(r, p) at a[ar + p]) and a panel of B (at bo in s). */
        private static void k4x4r(int kc, float[] a, int a0, int a1, int a2, int a3, float[] s, int bo,
                                  float[] c, int co, int ldc) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
            FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
            FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
            FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
            for (int p = 0; p < kc; p++) {
                int bp = bo + p * (4 * L);
                FloatVector y0 = FloatVector.fromArray(S, s, bp);
                FloatVector y1 = FloatVector.fromArray(S, s, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, s, bp + 2 * L);
                FloatVector y3 = FloatVector.fromArray(S, s, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                c03 = y3.fma(x, c03);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = y0.fma(x, c10);
                c11 = y1.fma(x, c11);
                c12 = y2.fma(x, c12);
                c13 = y3.fma(x, c13);
                x = FloatVector.broadcast(S, a[a2 + p]);
                c20 = y0.fma(x, c20);
                c21 = y1.fma(x, c21);
                c22 = y2.fma(x, c22);
                c23 = y3.fma(x, c23);
                x = FloatVector.broadcast(S, a[a3 + p]);
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
            c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c12.add(FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
            c13.add(FloatVector.fromArray(S, c, r1 + 3 * L)).intoArray(c, r1 + 3 * L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c22.add(FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
            c23.add(FloatVector.fromArray(S, c, r2 + 3 * L)).intoArray(c, r2 + 3 * L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            c32.add(FloatVector.fromArray(S, c, r3 + 2 * L)).intoArray(c, r3 + 2 * L);
            c33.add(FloatVector.fromArray(S, c, r3 + 3 * L)).intoArray(c, r3 + 3 * L);
        }

        /** kc rows x cols of B (cols a multiple of 4L) into panels: panel q at t[to + q*kc], its row p at + p*4L. */
        private static void packPanelsRows(float[] b, int bo, int ldb, int kc, int cols, float[] t, int to) {
            int w = 4 * L;
            for (int q = 0; q < cols; q += w) {
                int panel = to + q * kc;
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bo + p * ldb + q, t, panel + p * w, w);
                }
            }
        }

        /**
         * A^T's storage (row p of it at ao + p*ap holds A(i, p) for i = 0, 1, ...) into groups of
         * 4 rows of A as packGroupsA lays them out: group g at t[to + g*4*kc], A(4g + r, p) at + 4p + r.
         */
        private static void packColumnGroupsA(float[] a, int ao, int ap, int rows, int kc, float[] t, int to) {
            for (int p = 0; p < kc; p++) {
                int src = ao + p * ap;
                int dst = to + 4 * p;
                for (int i = 0; i < rows; i += 4) {
                    FloatVector.fromArray(FloatVector.SPECIES_128, a, src + i).intoArray(t, dst + i * kc);
                }
            }
        }

        /** A 4 x 4 tile from a packed group of A (at ao) and panel of B (at bo), both in s. */
        private static void k4x4p(int kc, float[] s, int ao, int bo, float[] c, int co, int ldc) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
            FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
            FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
            FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
            for (int p = 0; p < kc; p++) {
                int bp = bo + p * (4 * L);
                int aq = ao + p * 4;
                FloatVector y0 = FloatVector.fromArray(S, s, bp);
                FloatVector y1 = FloatVector.fromArray(S, s, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, s, bp + 2 * L);
                FloatVector y3 = FloatVector.fromArray(S, s, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, s[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                c03 = y3.fma(x, c03);
                x = FloatVector.broadcast(S, s[aq + 1]);
                c10 = y0.fma(x, c10);
                c11 = y1.fma(x, c11);
                c12 = y2.fma(x, c12);
                c13 = y3.fma(x, c13);
                x = FloatVector.broadcast(S, s[aq + 2]);
                c20 = y0.fma(x, c20);
                c21 = y1.fma(x, c21);
                c22 = y2.fma(x, c22);
                c23 = y3.fma(x, c23);
                x = FloatVector.broadcast(S, s[aq + 3]);
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
            c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c12.add(FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
            c13.add(FloatVector.fromArray(S, c, r1 + 3 * L)).intoArray(c, r1 + 3 * L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c22.add(FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
            c23.add(FloatVector.fromArray(S, c, r2 + 3 * L)).intoArray(c, r2 + 3 * L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            c32.add(FloatVector.fromArray(S, c, r3 + 2 * L)).intoArray(c, r3 + 2 * L);
            c33.add(FloatVector.fromArray(S, c, r3 + 3 * L)).intoArray(c, r3 + 3 * L);
        }


        /**
         * C[m x n] += A B with B read in place (row p at bo + p*ldb), A(i, p) = a[ao + i*ai + p*ap]
         * (one of ai, ap is 1). C is done a block of rows at a time, all of k for each, so that
         * the block stays in cache from one block of k to the next. In gemmTN, when the rows of A
         * are far apart, the block of A is first copied together: read in long runs, which the
         * hardware prefetches, instead of a few floats from each of a hundred rows per tile. With
         * few rows of C and a large B (W2's input gradient, 25 x 200 x 45,558), each block of A
         * and of B is copied once: the tiles would read them from memory in short runs, a band
         * or a strip of columns at a time.
         */
        private static void direct(int m, int n, int k, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                   float[] c, int co, int ldc) {
            if (m <= 0 || n <= 0 || k <= 0) {
                return;
            }
            int vectors = (n + L - 1) / L;
            int lastCols = n - (vectors - 1) * L;
            int blocks = gemmBlocks(k);
            // A's block copied together when its rows are far apart: in gemmTN (k rows, a tile
            // reads a few floats from each), and in gemmNN with few rows of C and a wide B (each
            // row of A is then read in short runs, a band at a time, while the copy costs little
            // beside the 4 or more vector FMAs each float of A takes part in)
            boolean copyA = m >= 8 && (ai == 1 && ap >= COPY_STRIDE
                    || ap == 1 && ai >= COPY_STRIDE && m <= COPY_B_ROWS && n >= 4 * L);
            // rows of C per block: its block of C stays in cache across the blocks of k, its copy
            // of A fits in cache (the longer its rows, the better the copy streams)
            int kc = Math.min(k, KC);
            int mc = Math.min(blocks > 1 ? C_BLOCK / n : m, copyA ? A_BLOCK / kc : m);
            mc = Math.min(m, Math.max(8, mc / 8 * 8));
            // few rows of C and a B from memory: B is read once, and a copy streams it faster
            // than the tiles, which read it a strip of columns at a time
            boolean copyB = m <= COPY_B_ROWS && n >= L && n <= COPY_B_WIDTH && blocks > 1
                    && (long) k * n >= COPY_B_FLOATS;
            boolean touch = k <= TOUCH_K && (long) m * n >= TOUCH_FLOATS;
            float[] s = lastCols < L || copyA || copyB
                    ? scratch(PACKED + (copyA ? kc * mc : 0) + (copyB ? kc * n : 0)) : null;
            for (int i0 = 0; i0 < m; i0 += mc) {
                int rows = Math.min(mc, m - i0);
                for (int blk = 0; blk < blocks; blk++) {
                    int p0 = gemmBlockStart(k, blocks, blk);
                    int p1 = gemmBlockStart(k, blocks, blk + 1);
                    float[] x = a;
                    int xo = ao + i0 * ai;
                    int xp = ap;
                    int xi = ai;
                    if (copyA && ap == 1) {
                        // the block's rows of A (gemmNN), each a run of p1 - p0 floats
                        int len = p1 - p0;
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(a, xo + r * ai + p0, s, PACKED + r * len, len);
                        }
                        x = s;
                        xo = PACKED - p0;
                        xi = len;
                    } else if (copyA) {
                        // rows p0..p1 of A's storage (k x m in gemmTN), the block's columns of each
                        for (int p = p0; p < p1; p++) {
                            System.arraycopy(a, xo + p * ap, s, PACKED + (p - p0) * rows, rows);
                        }
                        x = s;
                        xo = PACKED - p0 * rows;
                        xp = rows;
                    }
                    if (n < L) {
                        // narrower than a vector: a copy with the row at its end, zeros before
                        for (int p = p0; p < p1; p++) {
                            int at = STRIP + (p - p0) * L;
                            java.util.Arrays.fill(s, at, at + L - n, 0f);
                            System.arraycopy(b, bo + p * ldb, s, at + L - n, n);
                        }
                        rowTiles(rows, n, p0, p1, x, xo, xi, xp, b, bo, ldb, s, STRIP - p0 * L, L, lastCols,
                                c, co + i0 * ldc, ldc, s, touch);
                    } else if (copyB) {
                        int bc = PACKED + (copyA ? kc * mc : 0);
                        if (ldb == n) {
                            System.arraycopy(b, bo + p0 * ldb, s, bc, (p1 - p0) * n);
                        } else {
                            for (int p = p0; p < p1; p++) {
                                System.arraycopy(b, bo + p * ldb, s, bc + (p - p0) * n, n);
                            }
                        }
                        rowTiles(rows, n, p0, p1, x, xo, xi, xp, s, bc - p0 * n, n, s, bc - p0 * n + n - L, n, lastCols,
                                c, co + i0 * ldc, ldc, s, touch);
                    } else {
                        rowTiles(rows, n, p0, p1, x, xo, xi, xp, b, bo, ldb, b, bo + n - L, ldb, lastCols,
                                c, co + i0 * ldc, ldc, s, touch);
                    }
                }
            }
        }

        /**
         * gemmNT with B^T packed: for each block of rows of B (NT_PANEL floats) and each block of k,
         * B^T is copied (rows of the copy as wide as the block; narrower than a vector, with zeros
         * in front) and every row of A passes over the copy.
         */
        private static void packedNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                     float[] c, int co, int ldc) {
            int blocks = gemmBlocks(k);
            // as many columns as NT_PANEL floats of B^T hold (a multiple of L), so that rows of C
            // are read in long runs when k is short
            int kc = Math.min(k, KC);
            int panel = Math.min(n, Math.max(L, NT_PANEL / kc / L * L));
            boolean touch = k <= TOUCH_K && (long) m * n >= TOUCH_FLOATS;
            float[] s = scratch(PACKED + kc * Math.max(panel, L));
            for (int j0 = 0; j0 < n; j0 += panel) {
                int cols = Math.min(panel, n - j0);
                int vectors = (cols + L - 1) / L;
                int width = Math.max(cols, L);
                for (int blk = 0; blk < blocks; blk++) {
                    int p0 = gemmBlockStart(k, blocks, blk);
                    int p1 = gemmBlockStart(k, blocks, blk + 1);
                    packTransposed(b, bo + j0 * ldb + p0, ldb, cols, p1 - p0, s, PACKED + width - cols, width);
                    if (width > cols) {
                        zeroColumns(s, PACKED, width, p1 - p0, 0, width - cols);
                    }
                    int base = PACKED - p0 * width;
                    rowTiles(m, cols, p0, p1, a, ao, lda, 1, s, base, width, s, base + width - L, width,
                            cols - (vectors - 1) * L, c, co + j0, ldc, s, touch);
                }
            }
        }

        /**
         * rows x cols of x (leading dimension ld) transposed into t: t[to + q*width + r] =
         * x[xo + r*ld + q]. L x L blocks in registers (transposeBlock), the edges one by one.
         */
        private static void packTransposed(float[] x, int xo, int ld, int rows, int cols, float[] t, int to, int width) {
            int rb = rows / L * L;
            int cb = cols / L * L;
            for (int r0 = 0; r0 < rb; r0 += L) {
                for (int q0 = 0; q0 < cb; q0 += L) {
                    transposeBlock(x, xo + r0 * ld + q0, ld, t, to + q0 * width + r0, width);
                }
                for (int r = r0; r < r0 + L; r++) {
                    for (int q = cb; q < cols; q++) {
                        t[to + q * width + r] = x[xo + r * ld + q];
                    }
                }
            }
            for (int r0 = rb; r0 < rows; r0 += 16) {
                int r1 = Math.min(rows, r0 + 16);
                for (int q0 = 0; q0 < cols; q0 += 16) {
                    int q1 = Math.min(cols, q0 + 16);
                    for (int r = r0; r < r1; r++) {
                        int xr = xo + r * ld;
                        for (int q = q0; q < q1; q++) {
                            t[to + q * width + r] = x[xr + q];
                        }
                    }
                }
            }
        }

        /** An L x L block transposed: t[to + j*width + i] = x[xo + i*ld + j]. */
        private static void transposeBlock(float[] x, int xo, int ld, float[] t, int to, int width) {
            if (L == 16) {
                transpose16(x, xo, ld, t, to, width);
            } else if (L == 8) {
                transpose8(x, xo, ld, t, to, width);
            } else {
                transpose4(x, xo, ld, t, to, width);
            }
        }

        /** t[to + q*width + r] = 0 for q < cols, r in [from, until): the padding of packed rows. */
        private static void zeroColumns(float[] t, int to, int width, int cols, int from, int until) {
            for (int q = 0; q < cols; q++) {
                java.util.Arrays.fill(t, to + q * width + from, to + q * width + until, 0f);
            }
        }

        /**
         * gemmNT for a few rows of A: C^T = B A^T with A^T packed (zero-padded to whole vectors),
         * vectors along the columns of C, a block of rows of B at a time into a block of C^T that
         * is then added to C. Same chain per element: fma(B[j,p], A[i,p], s) rounds as
         * fma(A[i,p], B[j,p], s), and C^T starts at -0 so that it holds s exactly.
         */
        private static void columnsNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                      float[] c, int co, int ldc) {
            int blocks = gemmBlocks(k);
            int vectors = (m + L - 1) / L;
            int width = vectors * L;
            int ct = PACKED + KC * width;
            int cc = ct + NT_COLUMN_BLOCK * width;
            int bc = cc + NT_COLUMN_BLOCK * width;
            float[] s = scratch(bc + NT_COLUMN_BLOCK * KC);
            for (int blk = 0; blk < blocks; blk++) {
                int p0 = gemmBlockStart(k, blocks, blk);
                int p1 = gemmBlockStart(k, blocks, blk + 1);
                packTransposed(a, ao + p0, lda, m, p1 - p0, s, PACKED, width);
                zeroColumns(s, PACKED, width, p1 - p0, m, width);
                int base = PACKED - p0 * width;
                for (int j0 = 0; j0 < n; j0 += NT_COLUMN_BLOCK) {
                    int rows = Math.min(NT_COLUMN_BLOCK, n - j0);
                    java.util.Arrays.fill(s, ct, ct + rows * width, -0f);
                    // B's rows copied together first: the tiles read 8 of them at a time, a float each step
                    int kc = p1 - p0;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(b, bo + (j0 + r) * ldb + p0, s, bc + r * kc, kc);
                    }
                    rowTiles(rows, width, p0, p1, s, bc - p0, kc, 1, s, base, width, s,
                            base + (vectors - 1) * L, width, L, s, ct, width, s, false);
                    // C^T's block back to C's layout, then added to C a row at a time
                    packTransposed(s, ct, width, rows, m, s, cc, rows);
                    for (int i = 0; i < m; i++) {
                        addTo(s, cc + i * rows, c, co + i * ldc + j0, rows);
                    }
                }
            }
        }

        /**
         * C[m x n] += A B over p in [p0, p1) on register tiles. The full vectors of row p of B at
         * b[bo + p*ldb + v*L], its last vector at bl[blo + p*bll] with the last lastCols lanes
         * valid (those of columns (vectors-1)*L .. n); A(i, p) = a[ao + i*ai + p*ap]; tmp[TMP,
         * TMP + 8L) is scratch for a partial last vector.
         */
        private static void rowTiles(int m, int n, int p0, int p1, float[] a, int ao, int ai, int ap,
                                     float[] b, int bo, int ldb, float[] bl, int blo, int bll, int lastCols,
                                     float[] c, int co, int ldc, float[] tmp, boolean touch) {
            int vectors = (n + L - 1) / L;
            int i = 0;
            if (vectors <= 2) {
                // narrow C: more rows per tile
                for (; i + 8 <= m; i += 8) {
                    if (touch) {
                        touch(c, co + i * ldc, ldc, 8, n);
                    }
                    if (vectors == 2) {
                        k8x2(p0, p1, a, ao + i * ai, ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, ldc,
                                tmp, TMP);
                    } else {
                        k8x1(p0, p1, a, ao + i * ai, ai, ap, bl, blo, bll, lastCols, c, co + i * ldc, ldc, tmp, TMP);
                    }
                }
                if (i + 4 <= m) {
                    // one or two chains per row would wait on the FMA latency: four rows at once
                    fourRows(p0, p1, a, ao + i * ai, ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, ldc,
                            tmp, vectors);
                    i += 4;
                }
            } else {
                for (; i + 4 <= m; i += 4) {
                    if (touch) {
                        touch(c, co + i * ldc, ldc, 4, n);
                    }
                    fourRows(p0, p1, a, ao + i * ai, ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, ldc,
                            tmp, vectors);
                }
            }
            for (; i < m; i++) {
                oneRow(p0, p1, a, ao + i * ai, ap, b, bo, ldb, bl, blo, bll, lastCols, c, co + i * ldc, tmp, vectors);
            }
        }

        /** Where touch leaves what it read, so that the reads are not dropped. */
        private static float touched;

        /**
         * Reads a float from each cache line of rows x n of C, all at once: the tiles then find
         * them in cache. A tile reads C only at its end, a tile at a time, so on a C too large
         * for the caches each would wait for memory; these reads wait together, once per band.
         * (Java has no prefetch instruction.)
         */
        private static void touch(float[] c, int co, int ldc, int rows, int n) {
            float sum = 0;
            for (int r = 0; r < rows; r++) {
                int cr = co + r * ldc;
                for (int j = 0; j < n; j += 16) {
                    sum += c[cr + j];
                }
                sum += c[cr + n - 1];
            }
            touched = sum;
        }

        /** Four rows of C, all their vectors: 4 at a time, the last 5, 3, 2 or 1 in one tile where they can. */
        private static void fourRows(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                     float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc,
                                     float[] tmp, int vectors) {
            int v = 0;
            // a last group of 5 or 3 in one tile: one or three vectors alone would run 4 or 12 chains
            int fours = vectors % 4 == 1 && vectors > 1 ? vectors - 5 : vectors / 4 * 4;
            for (; v < fours; v += 4) {
                boolean last = v + 4 == vectors;
                k4x4(p0, p1, a, ao, ai, ap, b, bo + v * L, ldb, last ? bl : b, last ? blo : bo + (v + 3) * L,
                        last ? bll : ldb, last ? lastCols : L, c, co + v * L, ldc, tmp, TMP);
            }
            if (vectors - v == 5) {
                k4x5(p0, p1, a, ao, ai, ap, b, bo + v * L, ldb, bl, blo, bll, lastCols, c, co + v * L, ldc, tmp, TMP);
                return;
            }
            if (vectors - v == 3) {
                k4x3(p0, p1, a, ao, ai, ap, b, bo + v * L, ldb, bl, blo, bll, lastCols, c, co + v * L, ldc, tmp, TMP);
                return;
            }
            if (vectors - v >= 2) {
                boolean last = v + 2 == vectors;
                k4x2(p0, p1, a, ao, ai, ap, b, bo + v * L, ldb, last ? bl : b, last ? blo : bo + (v + 1) * L,
                        last ? bll : ldb, last ? lastCols : L, c, co + v * L, ldc, tmp, TMP);
                v += 2;
            }
            if (v < vectors) {
                k4x1(p0, p1, a, ao, ai, ap, bl, blo, bll, lastCols, c, co + v * L, ldc, tmp, TMP);
            }
        }

        /** One row of C, all its vectors: 8, 5 to 7, 4, 2 or 1 at a time. */
        private static void oneRow(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                   float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp,
                                   int vectors) {
            int v = 0;
            while (v < vectors) {
                int left = vectors - v;
                int w = left >= 8 ? 8 : left >= 5 ? left : left >= 4 ? 4 : left >= 2 ? 2 : 1;
                boolean last = v + w == vectors;
                float[] lb = last ? bl : b;
                int lo = last ? blo : bo + (v + w - 1) * L;
                int ll = last ? bll : ldb;
                int cols = last ? lastCols : L;
                int bv = bo + v * L;
                int cv = co + v * L;
                if (w == 8) {
                    k1x8(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp, TMP);
                } else if (w > 4) {
                    k1xN(w, p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp, TMP);
                } else if (w == 4) {
                    k1x4(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp, TMP);
                } else if (w == 2) {
                    k1x2(p0, p1, a, ao, ap, b, bv, ldb, lb, lo, ll, cols, c, cv, tmp, TMP);
                } else {
                    k1x1(p0, p1, a, ao, ap, lb, lo, ll, cols, c, cv, tmp, TMP);
                }
                v += w;
            }
        }

        /** c[co + i*ldc + j] += t[to + i*L + j] for i < rows, j < cols: the valid lanes of a tile's last vector. */
        private static void addTile(float[] t, int to, int rows, int cols, float[] c, int co, int ldc) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    c[co + i * ldc + j] += t[to + i * L + j];
                }
            }
        }

        // ---- register tiles: R rows x W vectors of C over a block of k (see above) ---------

        private static void k4x4(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
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
                c03.intoArray(tmp, to);
                c13.intoArray(tmp, to + L);
                c23.intoArray(tmp, to + 2 * L);
                c33.intoArray(tmp, to + 3 * L);
                addTile(tmp, to + L - lastCols, 4, lastCols, c, co + 3 * L, ldc);
            }
        }

        private static void k4x5(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero;
            FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero;
            FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c24 = zero;
            FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero, c34 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector y3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector y4 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                c03 = y3.fma(x, c03);
                c04 = y4.fma(x, c04);
                x = FloatVector.broadcast(S, a[aq + ai]);
                c10 = y0.fma(x, c10);
                c11 = y1.fma(x, c11);
                c12 = y2.fma(x, c12);
                c13 = y3.fma(x, c13);
                c14 = y4.fma(x, c14);
                x = FloatVector.broadcast(S, a[aq + 2 * ai]);
                c20 = y0.fma(x, c20);
                c21 = y1.fma(x, c21);
                c22 = y2.fma(x, c22);
                c23 = y3.fma(x, c23);
                c24 = y4.fma(x, c24);
                x = FloatVector.broadcast(S, a[aq + 3 * ai]);
                c30 = y0.fma(x, c30);
                c31 = y1.fma(x, c31);
                c32 = y2.fma(x, c32);
                c33 = y3.fma(x, c33);
                c34 = y4.fma(x, c34);
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c02.add(FloatVector.fromArray(S, c, r0 + 2 * L)).intoArray(c, r0 + 2 * L);
            c03.add(FloatVector.fromArray(S, c, r0 + 3 * L)).intoArray(c, r0 + 3 * L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c12.add(FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
            c13.add(FloatVector.fromArray(S, c, r1 + 3 * L)).intoArray(c, r1 + 3 * L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c22.add(FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
            c23.add(FloatVector.fromArray(S, c, r2 + 3 * L)).intoArray(c, r2 + 3 * L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            c32.add(FloatVector.fromArray(S, c, r3 + 2 * L)).intoArray(c, r3 + 2 * L);
            c33.add(FloatVector.fromArray(S, c, r3 + 3 * L)).intoArray(c, r3 + 3 * L);
            if (lastCols == L) {
                c04.add(FloatVector.fromArray(S, c, r0 + 4 * L)).intoArray(c, r0 + 4 * L);
                c14.add(FloatVector.fromArray(S, c, r1 + 4 * L)).intoArray(c, r1 + 4 * L);
                c24.add(FloatVector.fromArray(S, c, r2 + 4 * L)).intoArray(c, r2 + 4 * L);
                c34.add(FloatVector.fromArray(S, c, r3 + 4 * L)).intoArray(c, r3 + 4 * L);
            } else {
                c04.intoArray(tmp, to);
                c14.intoArray(tmp, to + L);
                c24.intoArray(tmp, to + 2 * L);
                c34.intoArray(tmp, to + 3 * L);
                addTile(tmp, to + L - lastCols, 4, lastCols, c, co + 4 * L, ldc);
            }
        }

        private static void k4x3(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero, c02 = zero;
            FloatVector c10 = zero, c11 = zero, c12 = zero;
            FloatVector c20 = zero, c21 = zero, c22 = zero;
            FloatVector c30 = zero, c31 = zero, c32 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                int aq = ao + p * ap;
                FloatVector y0 = FloatVector.fromArray(S, b, bp);
                FloatVector y1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector y2 = FloatVector.fromArray(S, bl, blo + p * bll);
                FloatVector x = FloatVector.broadcast(S, a[aq]);
                c00 = y0.fma(x, c00);
                c01 = y1.fma(x, c01);
                c02 = y2.fma(x, c02);
                x = FloatVector.broadcast(S, a[aq + ai]);
                c10 = y0.fma(x, c10);
                c11 = y1.fma(x, c11);
                c12 = y2.fma(x, c12);
                x = FloatVector.broadcast(S, a[aq + 2 * ai]);
                c20 = y0.fma(x, c20);
                c21 = y1.fma(x, c21);
                c22 = y2.fma(x, c22);
                x = FloatVector.broadcast(S, a[aq + 3 * ai]);
                c30 = y0.fma(x, c30);
                c31 = y1.fma(x, c31);
                c32 = y2.fma(x, c32);
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            if (lastCols == L) {
                c02.add(FloatVector.fromArray(S, c, r0 + 2 * L)).intoArray(c, r0 + 2 * L);
                c12.add(FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
                c22.add(FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
                c32.add(FloatVector.fromArray(S, c, r3 + 2 * L)).intoArray(c, r3 + 2 * L);
            } else {
                c02.intoArray(tmp, to);
                c12.intoArray(tmp, to + L);
                c22.intoArray(tmp, to + 2 * L);
                c32.intoArray(tmp, to + 3 * L);
                addTile(tmp, to + L - lastCols, 4, lastCols, c, co + 2 * L, ldc);
            }
        }


        private static void k4x2(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero, c01 = zero;
            FloatVector c10 = zero, c11 = zero;
            FloatVector c20 = zero, c21 = zero;
            FloatVector c30 = zero, c31 = zero;
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
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            if (lastCols == L) {
                c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
                c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
                c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
                c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            } else {
                c01.intoArray(tmp, to);
                c11.intoArray(tmp, to + L);
                c21.intoArray(tmp, to + 2 * L);
                c31.intoArray(tmp, to + 3 * L);
                addTile(tmp, to + L - lastCols, 4, lastCols, c, co + L, ldc);
            }
        }

        private static void k4x1(int p0, int p1, float[] a, int ao, int ai, int ap, float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c00 = zero;
            FloatVector c10 = zero;
            FloatVector c20 = zero;
            FloatVector c30 = zero;
            for (int p = p0; p < p1; p++) {
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
            }
            int r0 = co;
            int r1 = co + ldc;
            int r2 = co + 2 * ldc;
            int r3 = co + 3 * ldc;
            if (lastCols == L) {
                c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
                c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
                c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
                c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            } else {
                c00.intoArray(tmp, to);
                c10.intoArray(tmp, to + L);
                c20.intoArray(tmp, to + 2 * L);
                c30.intoArray(tmp, to + 3 * L);
                addTile(tmp, to + L - lastCols, 4, lastCols, c, co, ldc);
            }
        }

        private static void k8x2(int p0, int p1, float[] a, int ao, int ai, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
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
                c01.intoArray(tmp, to);
                c11.intoArray(tmp, to + L);
                c21.intoArray(tmp, to + 2 * L);
                c31.intoArray(tmp, to + 3 * L);
                c41.intoArray(tmp, to + 4 * L);
                c51.intoArray(tmp, to + 5 * L);
                c61.intoArray(tmp, to + 6 * L);
                c71.intoArray(tmp, to + 7 * L);
                addTile(tmp, to + L - lastCols, 8, lastCols, c, co + L, ldc);
            }
        }

        private static void k8x1(int p0, int p1, float[] a, int ao, int ai, int ap, float[] bl, int blo, int bll, int lastCols, float[] c, int co, int ldc, float[] tmp, int to) {
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
                c00.intoArray(tmp, to);
                c10.intoArray(tmp, to + L);
                c20.intoArray(tmp, to + 2 * L);
                c30.intoArray(tmp, to + 3 * L);
                c40.intoArray(tmp, to + 4 * L);
                c50.intoArray(tmp, to + 5 * L);
                c60.intoArray(tmp, to + 6 * L);
                c70.intoArray(tmp, to + 7 * L);
                addTile(tmp, to + L - lastCols, 8, lastCols, c, co, ldc);
            }
        }

        private static void k1x8(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                FloatVector x = FloatVector.broadcast(S, a[ao + p * ap]);
                c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
                c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
                c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
                c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
                c4 = FloatVector.fromArray(S, b, bp + 4 * L).fma(x, c4);
                c5 = FloatVector.fromArray(S, b, bp + 5 * L).fma(x, c5);
                c6 = FloatVector.fromArray(S, b, bp + 6 * L).fma(x, c6);
                c7 = FloatVector.fromArray(S, bl, blo + p * bll).fma(x, c7);
            }
            c0.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
            c2.add(FloatVector.fromArray(S, c, co + 2 * L)).intoArray(c, co + 2 * L);
            c3.add(FloatVector.fromArray(S, c, co + 3 * L)).intoArray(c, co + 3 * L);
            c4.add(FloatVector.fromArray(S, c, co + 4 * L)).intoArray(c, co + 4 * L);
            c5.add(FloatVector.fromArray(S, c, co + 5 * L)).intoArray(c, co + 5 * L);
            c6.add(FloatVector.fromArray(S, c, co + 6 * L)).intoArray(c, co + 6 * L);
            if (lastCols == L) {
                c7.add(FloatVector.fromArray(S, c, co + 7 * L)).intoArray(c, co + 7 * L);
            } else {
                c7.intoArray(tmp, to);
                addTile(tmp, to + L - lastCols, 1, lastCols, c, co + 7 * L, 0);
            }
        }

        private static void k1x4(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                FloatVector x = FloatVector.broadcast(S, a[ao + p * ap]);
                c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
                c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
                c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
                c3 = FloatVector.fromArray(S, bl, blo + p * bll).fma(x, c3);
            }
            c0.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
            c2.add(FloatVector.fromArray(S, c, co + 2 * L)).intoArray(c, co + 2 * L);
            if (lastCols == L) {
                c3.add(FloatVector.fromArray(S, c, co + 3 * L)).intoArray(c, co + 3 * L);
            } else {
                c3.intoArray(tmp, to);
                addTile(tmp, to + L - lastCols, 1, lastCols, c, co + 3 * L, 0);
            }
        }

        private static void k1x2(int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero, c1 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                FloatVector x = FloatVector.broadcast(S, a[ao + p * ap]);
                c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
                c1 = FloatVector.fromArray(S, bl, blo + p * bll).fma(x, c1);
            }
            c0.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
            if (lastCols == L) {
                c1.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
            } else {
                c1.intoArray(tmp, to);
                addTile(tmp, to + L - lastCols, 1, lastCols, c, co + L, 0);
            }
        }

        private static void k1x1(int p0, int p1, float[] a, int ao, int ap, float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp, int to) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero;
            for (int p = p0; p < p1; p++) {
                FloatVector x = FloatVector.broadcast(S, a[ao + p * ap]);
                c0 = FloatVector.fromArray(S, bl, blo + p * bll).fma(x, c0);
            }
            if (lastCols == L) {
                c0.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
            } else {
                c0.intoArray(tmp, to);
                addTile(tmp, to + L - lastCols, 1, lastCols, c, co, 0);
            }
        }

        /**
         * One row of C, {@code w} (5 to 7) vectors in one pass: vectors 0..w-2 from b, vector w-1
         * from (bl, blo, bll). Seven chains run so that the loop is the same for every w; the
         * spare ones repeat vector 0 and are dropped.
         */
        private static void k1xN(int w, int p0, int p1, float[] a, int ao, int ap, float[] b, int bo, int ldb,
                                 float[] bl, int blo, int bll, int lastCols, float[] c, int co, float[] tmp, int to) {
            int o4 = w > 5 ? 4 * L : 0;
            int o5 = w > 6 ? 5 * L : 0;
            FloatVector zero = FloatVector.zero(S);
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero;
            for (int p = p0; p < p1; p++) {
                int bp = bo + p * ldb;
                FloatVector x = FloatVector.broadcast(S, a[ao + p * ap]);
                c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
                c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
                c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
                c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
                c4 = FloatVector.fromArray(S, b, bp + o4).fma(x, c4);
                c5 = FloatVector.fromArray(S, b, bp + o5).fma(x, c5);
                c6 = FloatVector.fromArray(S, bl, blo + p * bll).fma(x, c6);
            }
            c0.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
            c1.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
            c2.add(FloatVector.fromArray(S, c, co + 2 * L)).intoArray(c, co + 2 * L);
            c3.add(FloatVector.fromArray(S, c, co + 3 * L)).intoArray(c, co + 3 * L);
            if (w > 5) {
                c4.add(FloatVector.fromArray(S, c, co + 4 * L)).intoArray(c, co + 4 * L);
            }
            if (w > 6) {
                c5.add(FloatVector.fromArray(S, c, co + 5 * L)).intoArray(c, co + 5 * L);
            }
            int lastAt = co + (w - 1) * L;
            if (lastCols == L) {
                c6.add(FloatVector.fromArray(S, c, lastAt)).intoArray(c, lastAt);
            } else {
                c6.intoArray(tmp, to);
                addTile(tmp, to + L - lastCols, 1, lastCols, c, lastAt, 0);
            }
        }

        /** One 4x4 block: t[to + j*width + i] = x[xo + i*ld + j] (used when L == 4). */
        private static void transpose4(float[] x, int xo, int ld, float[] t, int to, int width) {
            FloatVector v0 = FloatVector.fromArray(S, x, xo);
            FloatVector v1 = FloatVector.fromArray(S, x, xo + ld);
            FloatVector v2 = FloatVector.fromArray(S, x, xo + 2 * ld);
            FloatVector v3 = FloatVector.fromArray(S, x, xo + 3 * ld);
            FloatVector w;
            w = v0;
            v0 = w.blend(v2.rearrange(SWAP2), ODD2);
            v2 = w.rearrange(SWAP2).blend(v2, ODD2);
            w = v1;
            v1 = w.blend(v3.rearrange(SWAP2), ODD2);
            v3 = w.rearrange(SWAP2).blend(v3, ODD2);
            w = v0;
            v0 = w.blend(v1.rearrange(SWAP1), ODD1);
            v1 = w.rearrange(SWAP1).blend(v1, ODD1);
            w = v2;
            v2 = w.blend(v3.rearrange(SWAP1), ODD1);
            v3 = w.rearrange(SWAP1).blend(v3, ODD1);
            v0.intoArray(t, to);
            v1.intoArray(t, to + width);
            v2.intoArray(t, to + 2 * width);
            v3.intoArray(t, to + 3 * width);
        }

        /** One 8x8 block: t[to + j*width + i] = x[xo + i*ld + j] (used when L == 8). */
        private static void transpose8(float[] x, int xo, int ld, float[] t, int to, int width) {
            FloatVector v0 = FloatVector.fromArray(S, x, xo);
            FloatVector v1 = FloatVector.fromArray(S, x, xo + ld);
            FloatVector v2 = FloatVector.fromArray(S, x, xo + 2 * ld);
            FloatVector v3 = FloatVector.fromArray(S, x, xo + 3 * ld);
            FloatVector v4 = FloatVector.fromArray(S, x, xo + 4 * ld);
            FloatVector v5 = FloatVector.fromArray(S, x, xo + 5 * ld);
            FloatVector v6 = FloatVector.fromArray(S, x, xo + 6 * ld);
            FloatVector v7 = FloatVector.fromArray(S, x, xo + 7 * ld);
            FloatVector w;
            w = v0;
            v0 = w.blend(v4.rearrange(SWAP4), ODD4);
            v4 = w.rearrange(SWAP4).blend(v4, ODD4);
            w = v1;
            v1 = w.blend(v5.rearrange(SWAP4), ODD4);
            v5 = w.rearrange(SWAP4).blend(v5, ODD4);
            w = v2;
            v2 = w.blend(v6.rearrange(SWAP4), ODD4);
            v6 = w.rearrange(SWAP4).blend(v6, ODD4);
            w = v3;
            v3 = w.blend(v7.rearrange(SWAP4), ODD4);
            v7 = w.rearrange(SWAP4).blend(v7, ODD4);
            w = v0;
            v0 = w.blend(v2.rearrange(SWAP2), ODD2);
            v2 = w.rearrange(SWAP2).blend(v2, ODD2);
            w = v1;
            v1 = w.blend(v3.rearrange(SWAP2), ODD2);
            v3 = w.rearrange(SWAP2).blend(v3, ODD2);
            w = v4;
            v4 = w.blend(v6.rearrange(SWAP2), ODD2);
            v6 = w.rearrange(SWAP2).blend(v6, ODD2);
            w = v5;
            v5 = w.blend(v7.rearrange(SWAP2), ODD2);
            v7 = w.rearrange(SWAP2).blend(v7, ODD2);
            w = v0;
            v0 = w.blend(v1.rearrange(SWAP1), ODD1);
            v1 = w.rearrange(SWAP1).blend(v1, ODD1);
            w = v2;
            v2 = w.blend(v3.rearrange(SWAP1), ODD1);
            v3 = w.rearrange(SWAP1).blend(v3, ODD1);
            w = v4;
            v4 = w.blend(v5.rearrange(SWAP1), ODD1);
            v5 = w.rearrange(SWAP1).blend(v5, ODD1);
            w = v6;
            v6 = w.blend(v7.rearrange(SWAP1), ODD1);
            v7 = w.rearrange(SWAP1).blend(v7, ODD1);
            v0.intoArray(t, to);
            v1.intoArray(t, to + width);
            v2.intoArray(t, to + 2 * width);
            v3.intoArray(t, to + 3 * width);
            v4.intoArray(t, to + 4 * width);
            v5.intoArray(t, to + 5 * width);
            v6.intoArray(t, to + 6 * width);
            v7.intoArray(t, to + 7 * width);
        }

        /** One 16x16 block: t[to + j*width + i] = x[xo + i*ld + j] (used when L == 16). */
        private static void transpose16(float[] x, int xo, int ld, float[] t, int to, int width) {
            FloatVector v0 = FloatVector.fromArray(S, x, xo);
            FloatVector v1 = FloatVector.fromArray(S, x, xo + ld);
            FloatVector v2 = FloatVector.fromArray(S, x, xo + 2 * ld);
            FloatVector v3 = FloatVector.fromArray(S, x, xo + 3 * ld);
            FloatVector v4 = FloatVector.fromArray(S, x, xo + 4 * ld);
            FloatVector v5 = FloatVector.fromArray(S, x, xo + 5 * ld);
            FloatVector v6 = FloatVector.fromArray(S, x, xo + 6 * ld);
            FloatVector v7 = FloatVector.fromArray(S, x, xo + 7 * ld);
            FloatVector v8 = FloatVector.fromArray(S, x, xo + 8 * ld);
            FloatVector v9 = FloatVector.fromArray(S, x, xo + 9 * ld);
            FloatVector v10 = FloatVector.fromArray(S, x, xo + 10 * ld);
            FloatVector v11 = FloatVector.fromArray(S, x, xo + 11 * ld);
            FloatVector v12 = FloatVector.fromArray(S, x, xo + 12 * ld);
            FloatVector v13 = FloatVector.fromArray(S, x, xo + 13 * ld);
            FloatVector v14 = FloatVector.fromArray(S, x, xo + 14 * ld);
            FloatVector v15 = FloatVector.fromArray(S, x, xo + 15 * ld);
            FloatVector w;
            w = v0;
            v0 = w.blend(v8.rearrange(SWAP8), ODD8);
            v8 = w.rearrange(SWAP8).blend(v8, ODD8);
            w = v1;
            v1 = w.blend(v9.rearrange(SWAP8), ODD8);
            v9 = w.rearrange(SWAP8).blend(v9, ODD8);
            w = v2;
            v2 = w.blend(v10.rearrange(SWAP8), ODD8);
            v10 = w.rearrange(SWAP8).blend(v10, ODD8);
            w = v3;
            v3 = w.blend(v11.rearrange(SWAP8), ODD8);
            v11 = w.rearrange(SWAP8).blend(v11, ODD8);
            w = v4;
            v4 = w.blend(v12.rearrange(SWAP8), ODD8);
            v12 = w.rearrange(SWAP8).blend(v12, ODD8);
            w = v5;
            v5 = w.blend(v13.rearrange(SWAP8), ODD8);
            v13 = w.rearrange(SWAP8).blend(v13, ODD8);
            w = v6;
            v6 = w.blend(v14.rearrange(SWAP8), ODD8);
            v14 = w.rearrange(SWAP8).blend(v14, ODD8);
            w = v7;
            v7 = w.blend(v15.rearrange(SWAP8), ODD8);
            v15 = w.rearrange(SWAP8).blend(v15, ODD8);
            w = v0;
            v0 = w.blend(v4.rearrange(SWAP4), ODD4);
            v4 = w.rearrange(SWAP4).blend(v4, ODD4);
            w = v1;
            v1 = w.blend(v5.rearrange(SWAP4), ODD4);
            v5 = w.rearrange(SWAP4).blend(v5, ODD4);
            w = v2;
            v2 = w.blend(v6.rearrange(SWAP4), ODD4);
            v6 = w.rearrange(SWAP4).blend(v6, ODD4);
            w = v3;
            v3 = w.blend(v7.rearrange(SWAP4), ODD4);
            v7 = w.rearrange(SWAP4).blend(v7, ODD4);
            w = v8;
            v8 = w.blend(v12.rearrange(SWAP4), ODD4);
            v12 = w.rearrange(SWAP4).blend(v12, ODD4);
            w = v9;
            v9 = w.blend(v13.rearrange(SWAP4), ODD4);
            v13 = w.rearrange(SWAP4).blend(v13, ODD4);
            w = v10;
            v10 = w.blend(v14.rearrange(SWAP4), ODD4);
            v14 = w.rearrange(SWAP4).blend(v14, ODD4);
            w = v11;
            v11 = w.blend(v15.rearrange(SWAP4), ODD4);
            v15 = w.rearrange(SWAP4).blend(v15, ODD4);
            w = v0;
            v0 = w.blend(v2.rearrange(SWAP2), ODD2);
            v2 = w.rearrange(SWAP2).blend(v2, ODD2);
            w = v1;
            v1 = w.blend(v3.rearrange(SWAP2), ODD2);
            v3 = w.rearrange(SWAP2).blend(v3, ODD2);
            w = v4;
            v4 = w.blend(v6.rearrange(SWAP2), ODD2);
            v6 = w.rearrange(SWAP2).blend(v6, ODD2);
            w = v5;
            v5 = w.blend(v7.rearrange(SWAP2), ODD2);
            v7 = w.rearrange(SWAP2).blend(v7, ODD2);
            w = v8;
            v8 = w.blend(v10.rearrange(SWAP2), ODD2);
            v10 = w.rearrange(SWAP2).blend(v10, ODD2);
            w = v9;
            v9 = w.blend(v11.rearrange(SWAP2), ODD2);
            v11 = w.rearrange(SWAP2).blend(v11, ODD2);
            w = v12;
            v12 = w.blend(v14.rearrange(SWAP2), ODD2);
            v14 = w.rearrange(SWAP2).blend(v14, ODD2);
            w = v13;
            v13 = w.blend(v15.rearrange(SWAP2), ODD2);
            v15 = w.rearrange(SWAP2).blend(v15, ODD2);
            w = v0;
            v0 = w.blend(v1.rearrange(SWAP1), ODD1);
            v1 = w.rearrange(SWAP1).blend(v1, ODD1);
            w = v2;
            v2 = w.blend(v3.rearrange(SWAP1), ODD1);
            v3 = w.rearrange(SWAP1).blend(v3, ODD1);
            w = v4;
            v4 = w.blend(v5.rearrange(SWAP1), ODD1);
            v5 = w.rearrange(SWAP1).blend(v5, ODD1);
            w = v6;
            v6 = w.blend(v7.rearrange(SWAP1), ODD1);
            v7 = w.rearrange(SWAP1).blend(v7, ODD1);
            w = v8;
            v8 = w.blend(v9.rearrange(SWAP1), ODD1);
            v9 = w.rearrange(SWAP1).blend(v9, ODD1);
            w = v10;
            v10 = w.blend(v11.rearrange(SWAP1), ODD1);
            v11 = w.rearrange(SWAP1).blend(v11, ODD1);
            w = v12;
            v12 = w.blend(v13.rearrange(SWAP1), ODD1);
            v13 = w.rearrange(SWAP1).blend(v13, ODD1);
            w = v14;
            v14 = w.blend(v15.rearrange(SWAP1), ODD1);
            v15 = w.rearrange(SWAP1).blend(v15, ODD1);
            v0.intoArray(t, to);
            v1.intoArray(t, to + width);
            v2.intoArray(t, to + 2 * width);
            v3.intoArray(t, to + 3 * width);
            v4.intoArray(t, to + 4 * width);
            v5.intoArray(t, to + 5 * width);
            v6.intoArray(t, to + 6 * width);
            v7.intoArray(t, to + 7 * width);
            v8.intoArray(t, to + 8 * width);
            v9.intoArray(t, to + 9 * width);
            v10.intoArray(t, to + 10 * width);
            v11.intoArray(t, to + 11 * width);
            v12.intoArray(t, to + 12 * width);
            v13.intoArray(t, to + 13 * width);
            v14.intoArray(t, to + 14 * width);
            v15.intoArray(t, to + 15 * width);
        }

        // ---- gemmNT for a few rows of A: dot products ------------------------------------
        //
        // A gemv (m < NT_DOT_ROWS) cannot pay for packing B^T. Each output is one FMA
        // accumulator over k (lane t takes p = t, t+L, ...), its lanes summed by the same
        // pairwise tree (sumLanes) whatever tile computed it. The tiles spill their accumulators
        // to scratch for sumLanes: one method doing both is too big for C2 to inline the Vector
        // API calls into.

        /** gemmNT for a few rows of A (gemv): dot products of rows, summed across lanes by a tree. */
        private static void dotGemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                      float[] c, int co, int ldc) {
            float[] s = scratch(16 * L + (k > 0 && k < L ? (m + n) * L : 0));
            if (k > 0 && k < L) {
                // too short for a whole vector: both zero-padded to L columns (adds exact zeros)
                padRows(a, ao, lda, m, k, s, 16 * L);
                padRows(b, bo, ldb, n, k, s, 16 * L + m * L);
                a = s;
                ao = 16 * L;
                lda = L;
                b = s;
                bo = 16 * L + m * L;
                ldb = L;
                k = L;
            }
            // a tile of rows of B, read from memory once, against every row of A
            int j = 0;
            for (; j + 16 <= n; j += 16) {
                for (int i = 0; i < m; i++) {
                    nt1x16(k, a, ao + i * lda, b, bo + j * ldb, ldb, s);
                    sumLanes(s, 16);
                    addSums(s, 16, c, co + i * ldc + j);
                }
            }
            for (; j < n; j += 4) {
                // missing rows of B repeat the first one; their sums are dropped
                int cols = Math.min(4, n - j);
                int bj = bo + j * ldb;
                for (int i = 0; i < m; i++) {
                    nt1x4(k, a, ao + i * lda, b, bj, bj + (cols > 1 ? ldb : 0), bj + (cols > 2 ? 2 * ldb : 0),
                            bj + (cols > 3 ? 3 * ldb : 0), s);
                    sumLanes(s, 4);
                    addSums(s, cols, c, co + i * ldc + j);
                }
            }
        }

        /** rows x cols of x (leading dimension ld) copied to t at to as rows x L, zero-filled (cols < L). */
        private static void padRows(float[] x, int off, int ld, int rows, int cols, float[] t, int to) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, off + r * ld, t, to + r * L, cols);
                java.util.Arrays.fill(t, to + r * L + cols, to + (r + 1) * L, 0f);
            }
        }

        /** c[co + j] += sums[j] for j < cols. */
        private static void addSums(float[] sums, int cols, float[] c, int co) {
            for (int j = 0; j < cols; j++) {
                c[co + j] += sums[j];
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
    }
}
