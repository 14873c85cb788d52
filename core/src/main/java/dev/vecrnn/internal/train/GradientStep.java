package dev.vecrnn.internal.train;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The second half of a training iteration: backward, clipping, the optimizer step, and clearing
 * the gradients for the next one.
 *
 * <p>When the model's output weights can be handed over in blocks (the full softmax's own V x H
 * weights: not the adaptive softmax's, nor weights tied to the word vectors), the optimizer can
 * update in blocks ({@link Optimizer#beginBlockStep}) and the clipping is element-wise, the
 * output weights are clipped and updated block by block inside the
 * backward (the fused output layer, see docs/ARCHITECTURE.md): their gradient is never stored,
 * so it needs neither zeroing nor a pass of its own for clipping or the update. Otherwise (a
 * plugin optimizer without blocks, global-norm clipping) whole gradients are computed, clipped
 * and stepped. Both give the same weights and optimizer state bit for bit, for the same kernels
 * and thread count (FusedUpdateTest).
 */
public final class GradientStep {
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final Clipping clipping;
    /** The weights updated block by block, or null when the model has none. */
    private final Param blockWeight;
    /** Every parameter but those. */
    private final List<Param> rest;
    private boolean lastFused;

    public GradientStep(LanguageModel model, Optimizer optimizer, Clipping clipping) {
        this.model = model;
        this.optimizer = optimizer;
        this.clipping = clipping;
        this.blockWeight = model.blockOutputWeight();
        List<Param> r = new ArrayList<>(model.params());
        r.remove(blockWeight);
        this.rest = List.copyOf(r);
    }

    /**
     * Backward over the last forward of {@code run} with {@code gradScale}, clipping, one
     * optimizer step at rate {@code lr}; leaves every gradient zero, as it expects to find them.
     */
    public void run(ModelRun run, float gradScale, float lr, Kernels k) {
        List<Param> params = model.params();
        Optimizer.BlockStep step = blockWeight != null && clipping.elementwise() ? optimizer.beginBlockStep(params, lr) : null;
        lastFused = step != null;
        if (step == null) {
            run.backward(gradScale, k);
            clipping.apply(params, k);
            optimizer.step(params, lr, k);
            model.zeroGrad();
            return;
        }
        run.backward(gradScale, k, (w, first, count, g, kk) -> {
            clipping.applyToBlock(g, 0, count * w.cols(), kk);
            step.updateRows(w, first, count, g, 0, kk);
        });
        clipping.apply(rest, k);
        step.finish(rest, k);
        // the output weights' gradient was not written: it is still zero
        for (Param p : rest) {
            p.zeroGrad();
        }
    }

    /** Whether the last {@link #run} updated the output layer block by block. */
    public boolean fused() {
        return lastFused;
    }
}
