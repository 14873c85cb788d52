package dev.vecrnn.internal.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.vecrnn.internal.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rounding contract of the vector matrix products, which {@code ParallelKernels}, the fused
 * output layer and the split recurrence rely on: every element of C is one chain of operations
 * over k, the same whatever tile, packing, path or vector width computes it. k is cut into the
 * blocks of {@link VectorGemm#gemmBlocks} (bounds that depend on k alone); for each block in
 * order, s = 0, s = fma(A(i,p), B(p,j), s) for p in order, then c += s. {@link #chain} is that
 * definition in plain Java; the products must equal it bit for bit (gemmNT from
 * {@code NT_DOT_ROWS} = 8 rows of A up: fewer take dot products).
 */
class GemmChainTest {

    private enum Op { NT, NN, TN }

    private static final int[] WIDTHS = {128, 256, 512};

    /** C[m x n] (row-major, ldc) += the documented chain, with A(i,p) and B(p,j) read through op's layout. */
    private static void chain(Op op, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        int blocks = VectorGemm.gemmBlocks(k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float cij = c[i * ldc + j];
                for (int blk = 0; blk < blocks; blk++) {
                    float s = 0f;
                    for (int p = VectorGemm.gemmBlockStart(k, blocks, blk);
                         p < VectorGemm.gemmBlockStart(k, blocks, blk + 1); p++) {
                        float x = op == Op.TN ? a[p * lda + i] : a[i * lda + p];
                        float y = op == Op.NT ? b[j * ldb + p] : b[p * ldb + j];
                        s = Math.fma(x, y, s);
                    }
                    cij += s;
                }
                c[i * ldc + j] = cij;
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    private static void run(Kernels k, Op op, int m, int n, int kk, float[] a, int ao, int lda, float[] b, int bo,
                            int ldb, float[] c, int co, int ldc) {
        switch (op) {
            case NT:
                k.gemmNT(m, n, kk, a, ao, lda, b, bo, ldb, c, co, ldc);
                break;
            case NN:
                k.gemmNN(m, n, kk, a, ao, lda, b, bo, ldb, c, co, ldc);
                break;
            default:
                k.gemmTN(m, n, kk, a, ao, lda, b, bo, ldb, c, co, ldc);
                break;
        }
    }

    /** Shapes on both sides of every threshold of the paths: tiles, C^T, packed B^T and micro-panels for NT, blocks of k, of rows, of columns. */
    private static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        for (int m : new int[] {8, 9, 13, 25, 31, 48, 49, 50, 67}) {
            for (int n : new int[] {1, 5, 16, 17, 33, 70}) {
                for (int k : new int[] {1, 16, 37, 128, 129, 200}) {
                    s.add(new int[] {m, n, k});
                }
            }
        }
        s.add(new int[] {9, 1100, 60});      // more columns than one packed block of B^T
        s.add(new int[] {60, 1100, 260});
        // gemmNT's micro-panels: rows and columns past the whole groups and panels, several
        // blocks of k and of columns of B^T
        s.add(new int[] {67, 300, 45});
        s.add(new int[] {50, 1300, 600});
        s.add(new int[] {700, 45, 300});     // blocks of rows of C, several blocks of k
        s.add(new int[] {2, 300, 700});
        s.add(new int[] {1, 90, 11});
        // the copies and the read-ahead of C: rows of A 2,048 floats or more apart (a block of A
        // copied in gemmTN, and in gemmNN with few rows), a large B with few rows (copied), a C
        // larger than L2 with a short k (read ahead of the tiles)
        s.add(new int[] {25, 70, 2100});
        s.add(new int[] {9, 100, 10500});
        s.add(new int[] {2100, 130, 30});
        s.add(new int[] {60, 4400, 20});
        // gemmNN's and gemmTN's micro-panels: several blocks of rows of C, of k and of columns of
        // B, rows and columns past the whole groups and panels, the shortest k they take
        s.add(new int[] {530, 150, 300});
        s.add(new int[] {17, 2200, 16});
        s.add(new int[] {40, 70, 15});
        return s;
    }

    @Test
    void everyProductIsTheDocumentedChainAtEveryWidth() {
        Random rnd = new Random(3);
        for (int[] shape : shapes()) {
            int m = shape[0];
            int n = shape[1];
            int kk = shape[2];
            for (Op op : Op.values()) {
                if (op == Op.NT && m < 8) {
                    continue;
                }
                int lda = (op == Op.TN ? m : kk) + 3;
                int ldb = (op == Op.NT ? kk : n) + 1;
                int ldc = n + 2;
                float[] a = random(rnd, (op == Op.TN ? kk : m) * lda);
                float[] b = random(rnd, (op == Op.NT ? n : kk) * ldb);
                float[] c0 = random(rnd, m * ldc);
                float[] expected = c0.clone();
                chain(op, m, n, kk, a, lda, b, ldb, expected, ldc);
                for (int bits : WIDTHS) {
                    float[] actual = c0.clone();
                    run(new VectorKernels(bits), op, m, n, kk, a, 0, lda, b, 0, ldb, actual, 0, ldc);
                    assertArrayEquals(expected, actual, "gemm" + op + " " + m + "x" + n + "x" + kk + " at " + bits + " bits");
                }
            }
        }
    }

    @Test
    void cuttingCIntoBlocksOfRowsOrColumnsChangesNoBit() {
        Random rnd = new Random(5);
        Kernels k = new VectorKernels();
        // cuts that move parts from one path to another (C^T, packed B^T, 4- and 8-row tiles, the strip)
        int[][] shapes = {{100, 300, 200}, {57, 1030, 130}, {130, 21, 77}, {16, 700, 16}};
        int[][] rowCuts = {{8, 92}, {49, 51}, {37, 20, 43}, {8, 8, 84}};
        int[][] colCuts = {{1, 299}, {16, 17, 267}, {513, 517}, {5, 600, 95}};
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0];
            int n = shapes[s][1];
            int kk = shapes[s][2];
            for (Op op : Op.values()) {
                int lda = op == Op.TN ? m : kk;
                int ldb = op == Op.NT ? kk : n;
                float[] a = random(rnd, (op == Op.TN ? kk : m) * lda);
                float[] b = random(rnd, (op == Op.NT ? n : kk) * ldb);
                float[] whole = random(rnd, m * n);
                float[] byRows = whole.clone();
                float[] byCols = whole.clone();
                run(k, op, m, n, kk, a, 0, lda, b, 0, ldb, whole, 0, n);
                int i0 = 0;
                for (int rows : fit(rowCuts[s % rowCuts.length], m)) {
                    run(k, op, rows, n, kk, a, op == Op.TN ? i0 : i0 * lda, lda, b, 0, ldb, byRows, i0 * n, n);
                    i0 += rows;
                }
                int j0 = 0;
                for (int cols : fit(colCuts[s % colCuts.length], n)) {
                    run(k, op, m, cols, kk, a, 0, lda, b, op == Op.NT ? j0 * ldb : j0, ldb, byCols, j0, n);
                    j0 += cols;
                }
                String what = "gemm" + op + " " + m + "x" + n + "x" + kk;
                if (op != Op.NT || Arrays.stream(fit(rowCuts[s % rowCuts.length], m)).allMatch(r -> r >= 8)) {
                    assertArrayEquals(whole, byRows, what + " cut into rows " + Arrays.toString(fit(rowCuts[s], m)));
                }
                assertArrayEquals(whole, byCols, what + " cut into columns " + Arrays.toString(fit(colCuts[s], n)));
            }
        }
    }

    /** The cut sizes, the last one stretched or the list shortened so that they add up to total. */
    private static int[] fit(int[] cuts, int total) {
        List<Integer> out = new ArrayList<>();
        int left = total;
        for (int i = 0; i < cuts.length && left > 0; i++) {
            int part = i == cuts.length - 1 ? left : Math.min(cuts[i], left);
            out.add(part);
            left -= part;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
