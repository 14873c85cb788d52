package dev.vecrnn.bench.model;

import dev.vecrnn.bench.kernel.BenchKernels;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.concurrent.TimeUnit;

/**
 * One whole training iteration of each {@link Workload} (forward, backward, clipping, optimizer
 * step, zeroing the gradients), on a synthetic Zipf-distributed token stream with the workload's
 * vocabulary size. Primary score: iterations per second; {@code tokens}: tokens per second.
 * W4 and W4A are the word model with the full and the adaptive softmax (issue 12).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar IterationBenchmark}
 * <br>{@code ... IterationBenchmark -p workload=W4,W4A -p kernels=vector} (the scalar kernels take
 * half a minute per W4 iteration)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class IterationBenchmark {

    @Param({"W1", "W2", "W3", "W4", "W4A"})
    public String workload;

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"1", "2"})
    public int threads;

    private Kernels k;
    private TrainingStep step;
    private int tokens;

    /** Tokens trained on per second, as JMH reports an OPERATIONS counter: a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            tokens = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Workload w = Workload.valueOf(workload);
        w.spec(); // fails here, with the reason, if the cell is not in this build
        k = BenchKernels.create(kernels, threads);
        int[] ids = TokenStream.forChunks(w.vocab, w.steps, w.batch, 400, 42);
        if (!"scalar".equals(kernels) || threads > 1) {
            TrainingStep.checkAgainst(new ScalarKernels(), w, ids, k);
        }
        step = new TrainingStep(w, ids, 1, k);
        tokens = w.tokensPerIteration();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchKernels.close(k);
    }

    @Benchmark
    public double iteration(Counters counters) {
        counters.tokens += tokens;
        return step.next();
    }
}
