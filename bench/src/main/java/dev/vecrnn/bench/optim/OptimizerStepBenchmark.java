package dev.vecrnn.bench.optim;

import dev.vecrnn.bench.kernel.ParamCounters;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;
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

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One whole optimizer step through the plugin on the parameters of a word-level model: a
 * {@code vocab x hidden} output matrix (dense gradient), a {@code vocab x hidden} input table
 * whose gradient has only {@code touched} rows (one chunk of one-hot inputs), the recurrent matrix
 * and the biases. {@code path=sparse} tells the optimizer which input rows were touched (Adagrad
 * and plain SGD then skip the others); {@code path=dense} hands it the same gradient as a dense
 * one. Reported: steps per second, and {@code params} = parameters per second.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar OptimizerStepBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class OptimizerStepBenchmark {

    @Param({"adagrad", "sgd", "rmsprop", "adam"})
    public String optimizer;

    @Param({"dense", "sparse"})
    public String path;

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"45000"})
    public int vocab;

    @Param({"200"})
    public int hidden;

    @Param({"25"})
    public int touched;

    private Kernels k;
    private Optimizer opt;
    private List<dev.vecrnn.internal.model.Param> params;
    private long parameterCount;
    private float lr;

    @Setup(Level.Trial)
    public void setUp() {
        k = "vector".equals(kernels) ? KernelsLoader.vector() : new ScalarKernels();
        OptimizerProvider provider = Registry.optimizers().get(optimizer);
        lr = (float) provider.defaultLearningRate();
        checkAgainstScalar(provider);
        params = model(vocab, hidden, touched, "sparse".equals(path), 1);
        parameterCount = params.stream().mapToLong(dev.vecrnn.internal.model.Param::size).sum();
        opt = create(provider);
        float before = params.get(0).w()[firstTouchedRow(params.get(0)) * hidden];
        opt.step(params, lr, k);
        float after = params.get(0).w()[firstTouchedRow(params.get(0)) * hidden];
        if (!(before != after && Float.isFinite(after))) {
            throw new IllegalStateException(optimizer + " did not move a touched input weight: " + before + " -> " + after);
        }
    }

    @Benchmark
    public float step(ParamCounters counters) {
        opt.step(params, lr, k);
        counters.params += parameterCount;
        return params.get(1).w()[0];
    }

    private static Optimizer create(OptimizerProvider provider) {
        Options o = Options.empty("optimizer", provider.name());
        Optimizer opt = provider.create(o);
        o.requireAllUsed();
        return opt;
    }

    /** The parameters of a one-layer model with random weights and gradients. */
    static List<dev.vecrnn.internal.model.Param> model(int vocab, int hidden, int touched, boolean sparse, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        dev.vecrnn.internal.model.Param input = new dev.vecrnn.internal.model.Param("layer0.input", vocab, hidden, sparse);
        dev.vecrnn.internal.model.Param recurrent = new dev.vecrnn.internal.model.Param("layer0.hh", hidden, hidden, false);
        dev.vecrnn.internal.model.Param bias = new dev.vecrnn.internal.model.Param("layer0.bias", 1, hidden, false);
        dev.vecrnn.internal.model.Param out = new dev.vecrnn.internal.model.Param("output.weight", vocab, hidden, false);
        dev.vecrnn.internal.model.Param outBias = new dev.vecrnn.internal.model.Param("output.bias", 1, vocab, false);
        List<dev.vecrnn.internal.model.Param> ps = List.of(input, recurrent, bias, out, outBias);
        for (dev.vecrnn.internal.model.Param p : ps) {
            float[] w = p.w();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * 0.01);
            }
            if (p != input) {
                float[] g = p.g();
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (r.nextGaussian() * 0.1);
                }
            }
        }
        // the rows one chunk of inputs selects, spread over the table; only they have a gradient
        for (int t = 0; t < touched; t++) {
            int row = (int) ((t * 7919L + 13) % vocab);
            if (sparse) {
                input.touch(row);
            }
            for (int c = 0; c < hidden; c++) {
                input.g()[row * hidden + c] = (float) (r.nextGaussian() * 0.1);
            }
        }
        return ps;
    }

    private static int firstTouchedRow(dev.vecrnn.internal.model.Param input) {
        return 13 % input.rows();
    }

    /** Once: a step on a small copy of the problem agrees with the scalar kernels. */
    private void checkAgainstScalar(OptimizerProvider provider) {
        int rows = 61;
        List<dev.vecrnn.internal.model.Param> a = model(rows, hidden, Math.min(touched, rows), "sparse".equals(path), 7);
        List<dev.vecrnn.internal.model.Param> b = model(rows, hidden, Math.min(touched, rows), "sparse".equals(path), 7);
        Optimizer oa = create(provider);
        Optimizer ob = create(provider);
        for (int s = 0; s < 3; s++) {
            oa.step(a, lr, k);
            ob.step(b, lr, new ScalarKernels());
        }
        for (int p = 0; p < a.size(); p++) {
            float[] x = a.get(p).w();
            float[] y = b.get(p).w();
            for (int i = 0; i < x.length; i++) {
                if (!(Math.abs(x[i] - y[i]) <= 1e-6f + 1e-5f * Math.abs(y[i]))) {
                    throw new IllegalStateException(optimizer + " with " + k.name() + " kernels: " + a.get(p) + "[" + i
                            + "] = " + x[i] + ", scalar kernels give " + y[i]);
                }
            }
        }
    }
}
