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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The optimizer update kernels, scalar against vector, over a whole 45,000 x 200 output matrix
 * (9M parameters, 36 MB per array: memory-bound). Bytes moved per parameter: adagrad and rmsprop
 * read w, g, m and write w, m (20 B); adam reads w, g, m, v and writes w, m, v (28 B); sgd with
 * momentum reads w, g, v and writes w, v (20 B). The {@code params} counter is parameters per second.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar UpdateBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class UpdateBenchmark {

    @Param({"adagrad", "rmsprop", "adam", "sgd"})
    public String method;

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"9000000"})
    public int n;

    private Kernels k;
    private float[] w;
    private float[] g;
    private float[] m;
    private float[] v;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchKernels.create(kernels, 1);
        w = BenchKernels.random(1, n, 1);
        g = BenchKernels.random(2, n, 1e-2f);
        m = BenchKernels.abs(BenchKernels.random(3, n, 1e-3f));
        v = BenchKernels.abs(BenchKernels.random(4, n, 1e-3f));

        // the same operations in the same order as the scalar kernels: bit-identical
        int len = Math.min(n, 100_003);
        Kernels scalar = new ScalarKernels();
        float[][] s = {Arrays.copyOf(w, len), Arrays.copyOf(m, len), Arrays.copyOf(v, len)};
        float[][] t = {Arrays.copyOf(w, len), Arrays.copyOf(m, len), Arrays.copyOf(v, len)};
        update(scalar, s[0], g, s[1], s[2], len);
        update(k, t[0], g, t[1], t[2], len);
        for (int q = 0; q < 3; q++) {
            BenchKernels.check(s[q], t[q], null, 0, 0, k.name() + " " + method + " array " + q);
        }
    }

    private void update(Kernels kernels, float[] w, float[] g, float[] m, float[] v, int count) {
        switch (method) {
            case "adagrad":
                kernels.adagrad(w, g, m, 0, count, 0.1f, 1e-8f);
                break;
            case "rmsprop":
                kernels.rmsprop(w, g, m, 0, count, 1e-3f, 0.9f, 1e-8f);
                break;
            case "adam":
                kernels.adam(w, g, m, v, 0, count, 0.9f, 0.999f, 1e-3f, 1e-8f, 1e-5f);
                break;
            case "sgd":
                kernels.sgd(w, g, v, 0, count, 0.1f, 0.9f, false);
                break;
            default:
                throw new IllegalArgumentException("method must be adagrad, rmsprop, adam or sgd, not " + method);
        }
    }

    @Benchmark
    public void update(ParamCounters counters) {
        update(k, w, g, m, v, n);
        counters.params += n;
    }
}
