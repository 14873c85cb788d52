package dev.vecrnn.bench.model;

import dev.vecrnn.bench.kernel.BenchKernels;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.util.Rng;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Forward and backward of one chunk of one layer of each cell type, with a character-sized
 * output layer (vocabulary 65) so that the recurrence dominates. The hidden state is carried from
 * chunk to chunk as in training; no optimizer step. Primary score: chunks per second;
 * {@code tokens}: tokens per second.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ChunkBenchmark -p cell=lstm}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class ChunkBenchmark {

    @Param({"rnn", "lstm", "gru"})
    public String cell;

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"128", "512"})
    public int hidden;

    @Param({"1", "50"})
    public int batch;

    @Param({"25"})
    public int steps;

    @Param({"65"})
    public int vocab;

    private Kernels k;
    private Pass pass;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            tokens = 0;
        }
    }

    /** A model, its buffers, one chunk and the carried state. */
    private static final class Pass {
        final LanguageModel model;
        final ModelRun run;
        final int[] inputs;
        final int[] targets;
        final float[][] state;
        final int steps;

        Pass(ModelSpec spec, int steps, int batch) {
            this.steps = steps;
            model = new LanguageModel(spec);
            // weights in [-1/sqrt(fan-in), 1/sqrt(fan-in)] (1 for the token table), so that the
            // gates work in their non-linear range and the check below sees every kernel's effect
            Rng rng = new Rng(3);
            for (dev.vecrnn.internal.model.Param p : model.params()) {
                double bound = p.name().equals("layer0.input") ? 1 : 1 / Math.sqrt(p.cols());
                float[] w = p.w();
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
            }
            run = model.open(steps, batch);
            state = model.newState(batch);
            int[] ids = TokenStream.zipf(spec.vocab(), steps * batch + batch, 11);
            inputs = java.util.Arrays.copyOfRange(ids, 0, steps * batch);
            targets = java.util.Arrays.copyOfRange(ids, batch, steps * batch + batch);
        }

        double forwardBackward(Kernels k) {
            model.zeroGrad();
            double loss = run.forward(inputs, targets, steps, state, k);
            run.backward(1f, k);
            return loss;
        }

    }

    @Setup(Level.Trial)
    public void setUp() {
        ModelSpec spec = new ModelSpec(cell, vocab, hidden, 1, 0f);
        k = BenchKernels.create(kernels, 1);
        if (!"scalar".equals(kernels)) {
            // once: loss and every gradient as the scalar kernels give them, to float tolerance
            Pass a = new Pass(spec, steps, batch);
            Pass b = new Pass(spec, steps, batch);
            for (int i = 0; i < 2; i++) { // the second chunk starts from a carried state
                double la = a.forwardBackward(k);
                double lb = b.forwardBackward(new ScalarKernels());
                if (!(Math.abs(la - lb) <= TrainingStep.TOLERANCE * Math.abs(lb))) {
                    throw new IllegalStateException(cell + " chunk: loss " + la + " with " + k.name() + " kernels, " + lb
                            + " with scalar ones; the kernels disagree");
                }
                for (int p = 0; p < a.model.params().size(); p++) {
                    dev.vecrnn.internal.model.Param pa = a.model.params().get(p);
                    double diff = TrainingStep.relativeDifference(pa.g(), b.model.params().get(p).g());
                    if (!(diff <= TrainingStep.TOLERANCE)) {
                        throw new IllegalStateException(cell + " chunk: the gradient of " + pa.name() + " differs by " + diff
                                + " (relative) between " + k.name() + " and scalar kernels; the kernels disagree");
                    }
                }
            }
        }
        pass = new Pass(spec, steps, batch);
    }

    @Benchmark
    public double forwardBackward(Counters counters) {
        counters.tokens += (long) steps * batch;
        return pass.forwardBackward(k);
    }
}
