package dev.vecrnn.bench.model;

import dev.vecrnn.kernel.Kernels;
import dev.vecrnn.model.LanguageModel;
import dev.vecrnn.model.ModelRun;
import dev.vecrnn.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.train.Clipping;
import dev.vecrnn.train.Streams;
import dev.vecrnn.util.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * One iteration of {@link dev.vecrnn.train.Trainer}'s loop, without its logging and sampling:
 * next chunk (state reset when the streams wrap), forward, backward, clip each gradient element
 * to [-5, 5], optimizer step through the plugin, zero the gradients.
 */
final class TrainingStep {
    private final LanguageModel model;
    private final ModelRun run;
    private final Optimizer optimizer;
    private final Clipping clipping = Clipping.value(5);
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
        model.zeroGrad();
    }

    /** One iteration; returns the chunk's loss per stream, as the trainer computes it. */
    double next() {
        if (streams.next(inputs, targets)) {
            for (float[] s : state) {
                Arrays.fill(s, 0f);
            }
        }
        double loss = run.forward(inputs, targets, steps, state, k) / batch;
        run.backward(1f / batch, k);
        List<Param> params = model.params();
        clipping.apply(params, k);
        optimizer.step(params, lr, k);
        model.zeroGrad();
        return loss;
    }

    /**
     * Once, before timing: two iterations with {@code k} give the losses of two iterations with
     * the scalar reference, to float tolerance, so a wrong kernel cannot look fast.
     */
    static void checkAgainst(Kernels reference, Workload w, int[] ids, Kernels k) {
        TrainingStep a = new TrainingStep(w, ids, 1, k);
        TrainingStep b = new TrainingStep(w, ids, 1, reference);
        for (int i = 0; i < 2; i++) {
            double x = a.next();
            double y = b.next();
            // the second loss follows an optimizer step from slightly different gradients
            double tol = i == 0 ? 1e-4 : 1e-3;
            if (!(Math.abs(x - y) <= tol * Math.abs(y) + 1e-3)) {
                throw new IllegalStateException(w + " iteration " + (i + 1) + ": loss " + x + " with " + k.name()
                        + " kernels, " + y + " with " + reference.name() + "; the kernels disagree");
            }
        }
    }
}
