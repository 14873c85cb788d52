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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * dot and axpy, scalar against vector, on a hidden state (100, 200), an odd length (257), a row
 * of logits (45,000) and a whole 45,000 x 200 matrix (memory-bound). Each is {@code 2*n}
 * floating-point operations: the {@code flops} counter reads in FLOP/s.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar Level1Benchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class Level1Benchmark {

    @Param({"100", "200", "257", "45000", "9000000"})
    public int n;

    @Param({"scalar", "vector"})
    public String kernels;

    private Kernels k;
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchKernels.create(kernels, 1);
        x = BenchKernels.random(1, n, 1);
        y = BenchKernels.random(2, n, 1);

        Kernels scalar = new ScalarKernels();
        double absSum = 0;
        for (int i = 0; i < n; i++) {
            absSum += Math.abs(x[i] * y[i]);
        }
        BenchKernels.check(scalar.dot(x, 0, y, 0, n), k.dot(x, 0, y, 0, n), 1e-6 * absSum, k.name() + " dot");
        float[] ys = y.clone();
        float[] yv = y.clone();
        scalar.axpy(0.5f, x, 0, ys, 0, n);
        k.axpy(0.5f, x, 0, yv, 0, n);
        BenchKernels.check(ys, yv, null, 3e-7, 1e-7, k.name() + " axpy");
    }

    private boolean negate;

    @Benchmark
    public float dot(FlopCounters counters) {
        counters.flops += 2L * n;
        return k.dot(x, 0, y, 0, n);
    }

    /** y += alpha x with the sign of alpha flipped on every call, so that y stays bounded over millions of calls. */
    @Benchmark
    public void axpy(FlopCounters counters) {
        negate = !negate;
        float alpha = negate ? -1e-3f : 1e-3f;
        counters.flops += 2L * n;
        k.axpy(alpha, x, 0, y, 0, n);
    }
}
