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
 * The fused recurrent step kernels, scalar against vector: one LSTM or GRU step (gate
 * nonlinearities and state update) forward and backward for {@code rows} streams, and the
 * transpose of the recurrent weights that a chunk starts with. A forward step rewrites its
 * gates in place, so each call first copies fresh pre-activations over them (included in the
 * time), as the backward does for the carried cell gradient. The {@code elements} counter is
 * state elements (rows x hidden) per second; for transpose, matrix elements.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar CellStepBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CellStepBenchmark {

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"100", "512"})
    public int hidden;

    @Param({"1", "50"})
    public int rows;

    @Param({"scalar", "vector"})
    public String kernels;

    private Kernels k;
    private int gateWidth;
    private float[] preActivations;
    private float[] gates;
    private float[] hp;
    private float[] prev;
    private float[] c;
    private float[] tc;
    private float[] hOut;
    private float[] dh;
    private float[] dcSource;
    private float[] dc;
    private float[] dGates;
    private float[] dHp;
    private float[] dPrev;
    private float[] weights;
    private float[] transposed;

    @Setup(Level.Trial)
    public void setUp() {
        boolean lstm = isLstm();
        if (!lstm && !cell.equals("gru")) {
            throw new IllegalArgumentException("cell must be lstm or gru, not " + cell);
        }
        k = BenchKernels.create(kernels, 1);
        int h = hidden;
        gateWidth = (lstm ? 4 : 3) * h;
        int state = rows * h;
        preActivations = BenchKernels.random(1, rows * gateWidth, 3);
        gates = new float[rows * gateWidth];
        hp = BenchKernels.random(2, rows * gateWidth, 2);
        prev = BenchKernels.random(3, state, 1);
        c = new float[state];
        tc = new float[state];
        hOut = new float[state];
        dh = BenchKernels.random(4, state, 1);
        dcSource = BenchKernels.random(5, state, 1);
        dc = new float[state];
        dGates = new float[rows * gateWidth];
        dHp = new float[rows * gateWidth];
        dPrev = new float[state];
        weights = BenchKernels.random(6, gateWidth * h, 0.1f);
        transposed = new float[gateWidth * h];
        checkAgainstScalar();
    }

    private boolean isLstm() {
        return cell.equals("lstm");
    }

    /** One forward and backward step with these kernels and with the scalar ones must agree. */
    private void checkAgainstScalar() {
        float[][] mine = step(k);
        float[][] scalar = step(new ScalarKernels());
        String[] names = {"activated gates", "h", "gate gradients", "carried gradient"};
        for (int i = 0; i < names.length; i++) {
            BenchKernels.check(scalar[i], mine[i], null, 2e-5, 2e-6, k.name() + " " + cell + " step, " + names[i]);
        }
        k.transpose(gateWidth, hidden, weights, 0, hidden, transposed, 0, gateWidth);
        for (int r = 0; r < gateWidth; r++) {
            for (int j = 0; j < hidden; j++) {
                if (transposed[j * gateWidth + r] != weights[r * hidden + j]) {
                    throw new IllegalStateException(k.name() + " transpose: element (" + r + ", " + j + ") misplaced");
                }
            }
        }
    }

    private float[][] step(Kernels kk) {
        float[] g = preActivations.clone();
        float[] out = new float[rows * hidden];
        float[] dg = new float[rows * gateWidth];
        float[] carried = dcSource.clone();
        if (isLstm()) {
            float[] cc = new float[rows * hidden];
            float[] t = new float[rows * hidden];
            kk.lstmForward(rows, hidden, g, 0, prev, 0, cc, 0, t, 0, out, 0);
            kk.lstmBackward(rows, hidden, g, 0, prev, 0, t, 0, dh, 0, carried, 0, dg, 0);
        } else {
            float[] dhp = new float[rows * gateWidth];
            kk.gruForward(rows, hidden, g, 0, hp, 0, prev, 0, out, 0);
            kk.gruBackward(rows, hidden, g, 0, hp, 0, prev, 0, dh, 0, dg, 0, dhp, 0, carried, 0);
        }
        return new float[][] {g, out, dg, carried};
    }

    @Benchmark
    public float[] forward(ElementCounters counters) {
        System.arraycopy(preActivations, 0, gates, 0, gates.length);
        if (isLstm()) {
            k.lstmForward(rows, hidden, gates, 0, prev, 0, c, 0, tc, 0, hOut, 0);
        } else {
            k.gruForward(rows, hidden, gates, 0, hp, 0, prev, 0, hOut, 0);
        }
        counters.elements += (long) rows * hidden;
        return hOut;
    }

    @Benchmark
    public float[] backward(ElementCounters counters) {
        // gates still hold the activations of the last forward (set up below on first use)
        if (isLstm()) {
            System.arraycopy(dcSource, 0, dc, 0, dc.length);
            k.lstmBackward(rows, hidden, gates, 0, prev, 0, tc, 0, dh, 0, dc, 0, dGates, 0);
        } else {
            k.gruBackward(rows, hidden, gates, 0, hp, 0, prev, 0, dh, 0, dGates, 0, dHp, 0, dPrev, 0);
        }
        counters.elements += (long) rows * hidden;
        return dGates;
    }

    @Benchmark
    public float[] transpose(ElementCounters counters) {
        k.transpose(gateWidth, hidden, weights, 0, hidden, transposed, 0, gateWidth);
        counters.elements += (long) gateWidth * hidden;
        return transposed;
    }

    /** The backward reads activated gates and tanh(c): give it those of one forward step. */
    @Setup(Level.Iteration)
    public void activate() {
        System.arraycopy(preActivations, 0, gates, 0, gates.length);
        if (isLstm()) {
            k.lstmForward(rows, hidden, gates, 0, prev, 0, c, 0, tc, 0, hOut, 0);
        } else {
            k.gruForward(rows, hidden, gates, 0, hp, 0, prev, 0, hOut, 0);
        }
    }
}
