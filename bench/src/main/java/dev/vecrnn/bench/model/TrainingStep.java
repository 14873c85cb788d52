package dev.vecrnn.bench.model;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.GradientStep;
import dev.vecrnn.internal.train.Streams;
import dev.vecrnn.internal.util.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * One iteration of {@link dev.vecrnn.internal.train.Trainer}'s loop, without its logging and sampling:
 * next chunk (state reset when the streams wrap), forward, then backward, the workload's clipping
 * (each gradient element to [-5, 5], or the global norm to 5) and the optimizer step through the
 * plugin as the trainer does them ({@link GradientStep}: the output layer fused when it can be).
 */
final class TrainingStep {
    private final LanguageModel model;
    private final ModelRun run;
    private final Optimizer optimizer;
    private final Clipping clipping;
    private final GradientStep gradientStep;
    private final Streams streams;
    private final float[][] state;
    private final int[] inputs;
    private final int[] targets;
    private final int steps;
    private final int batch;
    private final float lr;
    private final Kernels k;

    TrainingStep(Workload w, int[] ids, long seed, Kernels k) {
        this.k = k;
        steps = w.steps;
        batch = w.batch;
        lr = (float) w.lr;
        clipping = w.clipping;
        model = new LanguageModel(w.spec());
        model.initialize(new Rng(seed));
        run = model.open(steps, batch);
        streams = new Streams(ids, batch, steps);
        state = model.newState(batch);
        inputs = new int[steps * batch];
        targets = new int[steps * batch];
        OptimizerProvider provider = Registry.optimizers().get(w.optimizer);
        Options options = Options.empty("optimizer", provider.name());
        optimizer = provider.create(options);
        options.requireAllUsed();
        gradientStep = new GradientStep(model, optimizer, clipping);
        model.zeroGrad();
    }

    /** One iteration; returns the chunk's loss per stream, as the trainer computes it. */
    double next() {
        double loss = forward();
        gradientStep.run(run, 1f / batch, lr, k);
        return loss;
    }

    /** Next chunk and forward; returns the loss per stream. */
    private double forward() {
        if (streams.next(inputs, targets)) {
            for (float[] s : state) {
                Arrays.fill(s, 0f);
            }
        }
        return run.forward(inputs, targets, steps, state, k) / batch;
    }

    /**
     * The first half of an unfused iteration, for {@link #checkAgainst}, which compares whole
     * gradients: next chunk, forward, backward; returns the loss per stream.
     */
    double forwardBackward() {
        double loss = forward();
        run.backward(1f / batch, k);
        return loss;
    }

    /** The second half of an unfused iteration: clipping, the optimizer step, zeroing the gradients. */
    void update() {
        List<Param> params = model.params();
        clipping.apply(params, k);
        optimizer.step(params, lr, k);
        model.zeroGrad();
    }

    /**
     * Iterations compared by {@link #checkAgainst}. The first step moves the weights out of tanh's
     * linear range, so the second iteration shows kernels that compute the non-linearities wrong
     * (a tanh that skips its last element: gradients 6e-3 to 1e-2 apart in W1, W2 and W3). Later
     * iterations are not compared: training amplifies rounding differences (correct vector and
     * scalar kernels: about 1e-6 apart in iteration 2, 1e-3 in iteration 3, 1e-2 in iteration 4).
     */
    static final int CHECKED_ITERATIONS = 2;
    /** Largest relative difference allowed between two kernels' losses and gradients. */
    static final double TOLERANCE = 1e-3;

    /**
     * Once, before timing: {@value #CHECKED_ITERATIONS} iterations with {@code k} give the losses and the
     * gradients (each parameter's, as a whole: |g_k - g_ref| <= tolerance * |g_ref|) of the same
     * iterations with the reference kernels, so a wrong kernel cannot look fast.
     */
    static void checkAgainst(Kernels reference, Workload w, int[] ids, Kernels k) {
        TrainingStep a = new TrainingStep(w, ids, 1, k);
        TrainingStep b = new TrainingStep(w, ids, 1, reference);
        for (int i = 1; i <= CHECKED_ITERATIONS; i++) {
            double x = a.forwardBackward();
            double y = b.forwardBackward();
            String where = w + " iteration " + i + ": ";
            if (!(Math.abs(x - y) <= TOLERANCE * Math.abs(y))) {
                throw disagree(where + "loss " + x + " with " + k.name() + " kernels, " + y + " with " + reference.name());
            }
            List<Param> pa = a.model.params();
            List<Param> pb = b.model.params();
            for (int p = 0; p < pa.size(); p++) {
                double diff = relativeDifference(pa.get(p).g(), pb.get(p).g());
                if (!(diff <= TOLERANCE)) {
                    throw disagree(where + "the gradient of " + pa.get(p).name() + " differs by " + diff
                            + " (relative) between " + k.name() + " and " + reference.name() + " kernels");
                }
            }
            a.update();
            b.update();
        }
    }

    /** |x - y| / |y| in the L2 norm (0 when both are zero). */
    static double relativeDifference(float[] x, float[] y) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < x.length; i++) {
            double e = (double) x[i] - y[i];
            d += e * e;
            n += (double) y[i] * y[i];
        }
        return d == 0 ? 0 : Math.sqrt(d / n);
    }

    private static IllegalStateException disagree(String what) {
        return new IllegalStateException(what + "; the kernels disagree");
    }
}
