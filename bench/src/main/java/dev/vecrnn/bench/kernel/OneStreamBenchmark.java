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
 * The one-stream (batch 1) kernels of a W1 chunk, scalar against vector: the vanilla RNN's 25
 * steps forward ({@code rnnForwardOneStream}: products fused with tanh) and backward
 * ({@code rnnBackwardOneStream}), and the output layer's logits at V = 65
 * ({@code rowsTimesMatrix}). The {@code flops} counter is 2 per multiply-add. Each kernel's
 * result is checked against the scalar one before timing: bit for bit for backward and the
 * product (the same FMA chains), to float tolerance for forward (the vector tanh).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar OneStreamBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OneStreamBenchmark {

    @Param({"100", "256"})
    public int hidden;

    @Param({"scalar", "vector"})
    public String kernels;

    /** Steps of a chunk and tokens of the output layer: the seed's. */
    static final int STEPS = 25;
    static final int VOCAB = 65;

    private Kernels k;
    private float[] w;
    private float[] wT;
    private float[] h0;
    private float[] x;
    private float[] y;
    private float[] d;
    private float[] dx;
    private float[] outT;
    private float[] bias;
    private float[] logits;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchKernels.create(kernels, 1);
        int h = hidden;
        w = BenchKernels.random(1, h * h, 1f / (float) Math.sqrt(h));
        wT = new float[h * h];
        k.transpose(h, h, w, 0, h, wT, 0, h);
        h0 = BenchKernels.random(2, h, 1);
        x = BenchKernels.random(3, STEPS * h, 1);
        y = new float[STEPS * h];
        d = BenchKernels.random(4, STEPS * h, 1);
        dx = new float[STEPS * h];
        outT = BenchKernels.random(5, h * VOCAB, 0.1f);
        bias = BenchKernels.random(6, VOCAB, 0.1f);
        logits = new float[STEPS * VOCAB];
        checkAgainstScalar();
    }

    private void checkAgainstScalar() {
        Kernels s = new ScalarKernels();
        int h = hidden;
        float[] ys = new float[STEPS * h];
        s.rnnForwardOneStream(STEPS, h, wT, 0, h0, 0, x, 0, ys, 0);
        k.rnnForwardOneStream(STEPS, h, wT, 0, h0, 0, x, 0, y, 0);
        BenchKernels.check(ys, y, null, 1e-4, 1e-5, k.name() + " rnnForwardOneStream");
        float[] dxs = new float[STEPS * h];
        s.rnnBackwardOneStream(STEPS, h, w, 0, ys, 0, d, 0, dxs, 0);
        k.rnnBackwardOneStream(STEPS, h, w, 0, ys, 0, d, 0, dx, 0);
        BenchKernels.check(dxs, dx, null, 0, 0, k.name() + " rnnBackwardOneStream");
        float[] ls = logitsWith(s, ys);
        float[] lv = logitsWith(k, ys);
        BenchKernels.check(ls, lv, null, 0, 0, k.name() + " rowsTimesMatrix");
    }

    private float[] logitsWith(Kernels kk, float[] top) {
        float[] l = new float[STEPS * VOCAB];
        for (int t = 0; t < STEPS; t++) {
            System.arraycopy(bias, 0, l, t * VOCAB, VOCAB);
        }
        kk.rowsTimesMatrix(STEPS, VOCAB, hidden, top, 0, outT, 0, l, 0);
        return l;
    }

    @Benchmark
    public float[] rnnForward(FlopCounters counters) {
        k.rnnForwardOneStream(STEPS, hidden, wT, 0, h0, 0, x, 0, y, 0);
        counters.flops += 2L * STEPS * hidden * hidden;
        return y;
    }

    @Benchmark
    public float[] rnnBackward(FlopCounters counters) {
        k.rnnBackwardOneStream(STEPS, hidden, w, 0, y, 0, d, 0, dx, 0);
        counters.flops += 2L * (STEPS - 1) * hidden * hidden;
        return dx;
    }

    @Benchmark
    public float[] outputLogits(FlopCounters counters) {
        for (int t = 0; t < STEPS; t++) {
            System.arraycopy(bias, 0, logits, t * VOCAB, VOCAB);
        }
        k.rowsTimesMatrix(STEPS, VOCAB, hidden, y, 0, outT, 0, logits, 0);
        counters.flops += 2L * STEPS * VOCAB * hidden;
        return logits;
    }
}
