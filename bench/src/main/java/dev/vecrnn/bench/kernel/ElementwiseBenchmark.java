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
 * The transcendental kernels, scalar against vector: tanh and sigmoid (in place) on a hidden
 * state or a gate block, and softmax over a row of logits (65 characters, 45,000 words).
 * Each call first copies fresh input over the work array (a System.arraycopy of n floats,
 * included in the time) so that every call sees the same values. The {@code elements}
 * counter is elements per second.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ElementwiseBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {

    @Param({"65", "200", "257", "45000"})
    public int n;

    @Param({"scalar", "vector"})
    public String kernels;

    private Kernels k;
    private float[] source;
    private float[] x;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchKernels.create(kernels, 1);
        source = BenchKernels.random(1, n, 8);
        x = new float[n];

        Kernels scalar = new ScalarKernels();
        float[] s = source.clone();
        float[] v = source.clone();
        scalar.tanh(s, 0, n);
        k.tanh(v, 0, n);
        BenchKernels.check(s, v, null, 2e-6, 1e-7, k.name() + " tanh");
        s = source.clone();
        v = source.clone();
        scalar.sigmoid(s, 0, n);
        k.sigmoid(v, 0, n);
        BenchKernels.check(s, v, null, 2e-6, 1e-7, k.name() + " sigmoid");
        s = source.clone();
        v = source.clone();
        float ls = scalar.softmax(s, 0, n);
        float lv = k.softmax(v, 0, n);
        // the scalar kernels sum n floats one after the other: their own error grows with n
        double sumError = 3e-6 + 6e-8 * n;
        BenchKernels.check(s, v, null, sumError, 1e-9, k.name() + " softmax");
        BenchKernels.check(ls, lv, sumError * Math.max(1, Math.abs(ls)), k.name() + " softmax log-sum");
    }

    @Benchmark
    public void tanh(ElementCounters counters) {
        System.arraycopy(source, 0, x, 0, n);
        k.tanh(x, 0, n);
        counters.elements += n;
    }

    @Benchmark
    public void sigmoid(ElementCounters counters) {
        System.arraycopy(source, 0, x, 0, n);
        k.sigmoid(x, 0, n);
        counters.elements += n;
    }

    @Benchmark
    public float softmax(ElementCounters counters) {
        System.arraycopy(source, 0, x, 0, n);
        counters.elements += n;
        return k.softmax(x, 0, n);
    }
}
