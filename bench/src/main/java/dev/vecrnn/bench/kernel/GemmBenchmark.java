package dev.vecrnn.bench.kernel;

import dev.vecrnn.internal.kernel.Kernels;
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

import java.util.concurrent.TimeUnit;

/**
 * The three matrix products on the shapes the models run, scalar against vector. A shape is
 * {@code OP:MxNxK} with the {@link Kernels} meaning of m, n, k: NT is C[m x n] += A[m x k] B[n x k]^T,
 * NN is C += A[m x k] B[k x n], TN is C += A[k x m]^T B[k x n]; all dense (leading dimension =
 * row length). Each product is {@code 2*m*n*k} floating-point operations: the {@code flops}
 * counter is that, per second, so JMH's "gemm:flops" line reads in FLOP/s (divide by 1e9 for GFLOP/s).
 *
 * <ul>
 *   <li>W2 word model (hidden 200, vocabulary 45,000, 25 steps): logits NT:25x45000x200,
 *       weight gradient TN:45000x200x25, input gradient NN:25x200x45000;</li>
 *   <li>W1 character model (hidden 100, vocabulary 65, batch 1): the recurrence NT:1x100x100 and
 *       NN:1x100x100 (gemv), TN:100x100x25, and the output layer NT:25x65x100, NN:25x100x65, TN:65x100x25;</li>
 *   <li>W3 LSTM (2 x 128, batch 50, 50 steps): NT:50x512x128, NN:50x128x512, TN:512x128x2500,
 *       output NT:2500x65x128, NN:2500x128x65, TN:65x128x2500;</li>
 *   <li>odd sizes: NT/NN/TN:37x1003x77.</li>
 * </ul>
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBenchmark}
 * ({@code -p threads=2} for {@link dev.vecrnn.internal.kernel.ParallelKernels}, {@code -jvmArgsAppend
 * -Dvecrnn.vector.bits=256} for another width).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class GemmBenchmark {

    @Param({"NT:25x45000x200", "TN:45000x200x25", "NN:25x200x45000",
            "NT:1x100x100", "NN:1x100x100", "TN:100x100x25", "NT:25x65x100", "NN:25x100x65", "TN:65x100x25",
            "NT:50x512x128", "NN:50x128x512", "TN:512x128x2500", "NT:2500x65x128", "NN:2500x128x65", "TN:65x128x2500",
            "NT:37x1003x77", "NN:37x1003x77", "TN:37x1003x77"})
    public String shape;

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"1"})
    public int threads;

    private Kernels k;
    private String op;
    private int m;
    private int n;
    private int kk;
    private float[] a;
    private float[] b;
    private float[] c;
    private long flopsPerOp;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[:x]");
        op = parts[0];
        m = Integer.parseInt(parts[1]);
        n = Integer.parseInt(parts[2]);
        kk = Integer.parseInt(parts[3]);
        flopsPerOp = 2L * m * n * kk;
        k = BenchKernels.create(kernels, threads);
        a = BenchKernels.random(1, m * kk, 1);
        b = BenchKernels.random(2, n * kk, 1);
        c = new float[m * n];

        // once: the result must match the scalar one (and a parallel scalar one exactly)
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        Kernels scalar = new ScalarKernels();
        run(scalar, a, b, expected);
        run(k, a, b, actual);
        float[] scale = new float[m * n];
        run(scalar, BenchKernels.abs(a), BenchKernels.abs(b), scale);
        double rel = kernels.equals("scalar") ? 0 : 1e-6 * Math.sqrt(kk + 1);
        BenchKernels.check(expected, actual, scale, rel, 0, k.name() + " gemm " + shape);
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

    private void run(Kernels kernels, float[] x, float[] y, float[] z) {
        switch (op) {
            case "NT":
                kernels.gemmNT(m, n, kk, x, 0, kk, y, 0, kk, z, 0, n);
                break;
            case "NN":
                kernels.gemmNN(m, n, kk, x, 0, kk, y, 0, n, z, 0, n);
                break;
            case "TN":
                kernels.gemmTN(m, n, kk, x, 0, m, y, 0, n, z, 0, n);
                break;
            default:
                throw new IllegalArgumentException("shape must be NT, NN or TN:MxNxK, not " + shape);
        }
    }

    @Benchmark
    public void gemm(FlopCounters counters, Blackhole bh) {
        run(k, a, b, c);
        counters.flops += flopsPerOp;
        bh.consume(c);
    }
}
