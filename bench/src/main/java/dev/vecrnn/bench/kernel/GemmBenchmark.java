package dev.vecrnn.bench.kernel;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The three matrix products on the shapes the models run, scalar against vector. A shape is
 * {@code OP:MxNxK} with the {@link Kernels} meaning of m, n, k: NT is C[m x n] += A[m x k] B[n x k]^T,
 * NN is C += A[m x k] B[k x n], TN is C += A[k x m]^T B[k x n]; all dense (leading dimension =
 * row length). {@code TN:MxNxK/R} is the fused output layer's weight gradient: C in blocks of R
 * rows, each computed into one small buffer (cleared first), as {@code FusedOutputBackward} does,
 * the blocks cut into one part per thread. Each product is {@code 2*m*n*k} floating-point
 * operations: the {@code flops} counter is that, per second ("gemm:flops", FLOP/s), and
 * {@code ofPeak} is the same rate as a fraction of the numpy sgemm peak passed in {@link #peaks}.
 *
 * <ul>
 *   <li>W1 character model (hidden 100, vocabulary 65, batch 1): NT:1x100x100, NN:1x100x100 (gemv),
 *       TN:100x100x25, the output layer NT:25x65x100, NN:25x100x65, TN:65x100x25;</li>
 *   <li>W2 word model (rnn 200, 45,558 words, 25 steps): logits NT:25x45558x200, weight gradient
 *       TN:45558x200x25 (fused: TN:45558x200x25/128), input gradient NN:25x200x45558;</li>
 *   <li>W3 LSTM (2 x 128, batch 50 x 50 steps, G = 512): the second layer's input projection
 *       NT:2500x512x128, the recurrence on the transposed W_hh NN:50x512x128 and its backward
 *       NN:50x128x512, the weight gradients TN:512x128x2500, the gradient of the layer below
 *       NN:2500x128x512, and the output layer NT:2500x65x128, NN:2500x128x65, TN:65x128x2500;</li>
 *   <li>W4 LSTM (2 x 256, embedding 256, batch 32 x 35 steps = 1,120 rows, G = 1,024): input
 *       projections NT:1120x1024x256, recurrence NN:32x1024x256 and NN:32x256x1024, weight
 *       gradients TN:1024x256x1120, gradient below NN:1120x256x1024; the full softmax over 45,558
 *       words NT:1120x45558x256, TN:45558x256x1120, NN:1120x256x45558; the adaptive softmax's head
 *       (2,000 words and 2 clusters) NT:1120x2002x256, TN:2002x256x1120, NN:1120x256x2002, and its
 *       tail clusters on the rows whose target falls in them (in hongloumeng's jieba words 9.9 %
 *       and 7.5 % of the tokens: 112 and 84 of 1,120 rows): projection 256 -> 64 and 8,000 words
 *       (NT:112x64x256, TN:64x256x112, NN:112x256x64, NT:112x8000x64, TN:8000x64x112,
 *       NN:112x64x8000), projection 256 -> 16 and 35,558 words (NT:84x16x256, TN:16x256x84,
 *       NN:84x256x16, NT:84x35558x16, TN:35558x16x84, NN:84x16x35558);</li>
 *   <li>odd sizes: NT/NN/TN:37x1003x77.</li>
 * </ul>
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBenchmark
 * -p kernels=vector -p peaks=98.0/196.3} with the GFLOP/s that {@code bench/peers/sgemm_peak.py}
 * printed for one and two threads ({@code OPENBLAS_NUM_THREADS=1} and 2), measured just before;
 * {@code -p threads=2} for {@link ParallelKernels}, {@code -jvmArgsAppend -Dvecrnn.vector.bits=256}
 * for another width.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class GemmBenchmark {

    @Param({"NT:1x100x100", "NN:1x100x100", "TN:100x100x25", "NT:25x65x100", "NN:25x100x65", "TN:65x100x25",
            "NT:25x45558x200", "TN:45558x200x25", "TN:45558x200x25/128", "NN:25x200x45558",
            "NT:2500x512x128", "NN:50x512x128", "NN:50x128x512", "TN:512x128x2500", "NN:2500x128x512",
            "NT:2500x65x128", "NN:2500x128x65", "TN:65x128x2500",
            "NT:1120x1024x256", "NN:32x1024x256", "NN:32x256x1024", "TN:1024x256x1120", "NN:1120x256x1024",
            "NT:1120x45558x256", "TN:45558x256x1120", "NN:1120x256x45558",
            "NT:1120x2002x256", "TN:2002x256x1120", "NN:1120x256x2002",
            "NT:112x64x256", "TN:64x256x112", "NN:112x256x64", "NT:112x8000x64", "TN:8000x64x112", "NN:112x64x8000",
            "NT:84x16x256", "TN:16x256x84", "NN:84x256x16", "NT:84x35558x16", "TN:35558x16x84", "NN:84x16x35558",
            "NT:37x1003x77", "NN:37x1003x77", "TN:37x1003x77"})
    public String shape;

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"1"})
    public int threads;

    /**
     * GFLOP/s of numpy's float32 matmul on 1, 2, ... threads (bench/peers/sgemm_peak.py), separated
     * by '/' (JMH splits parameter values at commas); the entry for {@link #threads} scales
     * {@code ofPeak}. "0": not measured.
     */
    @Param({"0"})
    public String peaks;

    /** Products in a row of C of at most this many multiply-adds are checked against scalar whole; larger ones by sampled rows. */
    private static final long CHECK_WHOLE = 1L << 28;

    private Kernels k;
    private String op;
    private int m;
    private int n;
    private int kk;
    /** Rows of C per block of the fused form, 0 for a plain product. */
    private int blockRows;
    private float[] a;
    private float[] b;
    private float[] c;
    /** One block buffer per part that may run at once (as FusedOutputBackward keeps them). */
    private final Queue<float[]> blockBuffers = new ConcurrentLinkedQueue<>();
    private long flopsPerOp;
    private double peakFlops;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[:x/]");
        op = parts[0];
        m = Integer.parseInt(parts[1]);
        n = Integer.parseInt(parts[2]);
        kk = Integer.parseInt(parts[3]);
        blockRows = parts.length > 4 ? Integer.parseInt(parts[4]) : 0;
        if (blockRows > 0 && !op.equals("TN")) {
            throw new IllegalArgumentException("only TN has a blocked form, not " + shape);
        }
        flopsPerOp = 2L * m * n * kk;
        peakFlops = peak(peaks, threads) * 1e9;
        k = BenchKernels.create(kernels, threads);
        a = BenchKernels.random(1, m * kk, 1);
        b = BenchKernels.random(2, n * kk, 1);
        c = new float[blockRows > 0 ? 0 : m * n];
        if (blockRows > 0) {
            for (int t = 0; t < threads; t++) {
                blockBuffers.add(new float[blockRows * n]);
            }
        }
        check();
    }

    /** The GFLOP/s for {@code threads} in a '/'-separated list, 0 if it has none. */
    private static double peak(String peaks, int threads) {
        String[] p = peaks.split("/");
        return threads <= p.length ? Double.parseDouble(p[threads - 1].trim()) : 0;
    }

    /** The result must match the scalar one (a parallel scalar one exactly): all of C, or sampled rows when C is huge. */
    private void check() {
        int[] rows = (long) m * n * kk <= CHECK_WHOLE ? range(m) : sample(m, 64);
        float[] actual = new float[m * n];
        if (blockRows > 0) {
            blocked(k, a, b, actual);
        } else {
            run(k, a, b, actual, 0, m);
        }
        Kernels scalar = new ScalarKernels();
        float[] absA = BenchKernels.abs(a);
        float[] absB = BenchKernels.abs(b);
        float[] expected = new float[n];
        float[] scale = new float[n];
        double rel = kernels.equals("scalar") ? 0 : 1e-6 * Math.sqrt(kk + 1);
        for (int i : rows) {
            Arrays.fill(expected, 0f);
            Arrays.fill(scale, 0f);
            rowOf(scalar, a, b, expected, i);
            rowOf(scalar, absA, absB, scale, i);
            BenchKernels.check(expected, Arrays.copyOfRange(actual, i * n, (i + 1) * n), scale, rel, 0,
                    k.name() + " gemm " + shape + " row " + i);
        }
    }

    private static int[] range(int count) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = i;
        }
        return r;
    }

    /** {@code count} rows spread over [0, m), the first and the last among them. */
    private static int[] sample(int m, int count) {
        return Arrays.stream(range(count)).map(i -> (int) ((long) (m - 1) * i / (count - 1))).distinct().toArray();
    }

    /** Row i of C (length n, in z) with the scalar kernels: a one-row product. */
    private void rowOf(Kernels scalar, float[] x, float[] y, float[] z, int i) {
        switch (op) {
            case "NT":
                scalar.gemmNT(1, n, kk, x, i * kk, kk, y, 0, kk, z, 0, n);
                break;
            case "NN":
                scalar.gemmNN(1, n, kk, x, i * kk, kk, y, 0, n, z, 0, n);
                break;
            default:
                scalar.gemmTN(1, n, kk, x, i, m, y, 0, n, z, 0, n);
                break;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (k instanceof AutoCloseable) {
            try {
                ((AutoCloseable) k).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Rows [i0, i1) of C += op(A, B). */
    private void run(Kernels kernels, float[] x, float[] y, float[] z, int i0, int i1) {
        int rows = i1 - i0;
        switch (op) {
            case "NT":
                kernels.gemmNT(rows, n, kk, x, i0 * kk, kk, y, 0, kk, z, i0 * n, n);
                break;
            case "NN":
                kernels.gemmNN(rows, n, kk, x, i0 * kk, kk, y, 0, n, z, i0 * n, n);
                break;
            case "TN":
                kernels.gemmTN(rows, n, kk, x, i0, m, y, 0, n, z, i0 * n, n);
                break;
            default:
                throw new IllegalArgumentException("shape must be NT, NN or TN:MxNxK, not " + shape);
        }
    }

    /**
     * The fused output layer's weight gradient: blocks of blockRows rows of C, each into a cleared
     * buffer (copied to {@code into} when it is not null, for the check), the blocks cut into parts
     * by {@link Kernels#forEachPart} with FusedOutputBackward's work per block, one buffer per running part.
     */
    private void blocked(Kernels kernels, float[] x, float[] y, float[] into) {
        int blocks = (m + blockRows - 1) / blockRows;
        kernels.forEachPart(blocks, (long) kk * blockRows * n, (from, to, kk2) -> {
            float[] g = blockBuffers.poll();
            try {
                blockRange(kk2, x, y, into, from, to, g);
            } finally {
                blockBuffers.add(g);
            }
        });
    }

    private void blockRange(Kernels kernels, float[] x, float[] y, float[] into, int from, int to, float[] g) {
        for (int blk = from; blk < to; blk++) {
            int v0 = blk * blockRows;
            int count = Math.min(blockRows, m - v0);
            Arrays.fill(g, 0, count * n, 0f);
            kernels.gemmTN(count, n, kk, x, v0, m, y, 0, n, g, 0, n);
            if (into != null) {
                System.arraycopy(g, 0, into, v0 * n, count * n);
            }
        }
    }

    @Benchmark
    public void gemm(FlopCounters counters, PeakShareCounters share, Blackhole bh) {
        if (blockRows > 0) {
            blocked(k, a, b, null);
            bh.consume(blockBuffers);
        } else {
            run(k, a, b, c, 0, m);
            bh.consume(c);
        }
        counters.flops += flopsPerOp;
        if (peakFlops > 0) {
            share.ofPeak += flopsPerOp / peakFlops;
        }
    }
}
