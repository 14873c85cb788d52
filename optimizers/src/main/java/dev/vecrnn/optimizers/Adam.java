package dev.vecrnn.optimizers;

import dev.vecrnn.kernel.Kernels;
import dev.vecrnn.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with bias correction, and AdamW's decoupled weight decay when
 * {@code weightDecay > 0}. Every element moves even with a zero gradient, so updates are dense.
 */
public final class Adam implements Optimizer {
    private final float beta1;
    private final float beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, float[]> state = new HashMap<>();
    private long steps;

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Param> params, float lr, Kernels k) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = Math.sqrt(1 - Math.pow(beta2, steps));
        float lrT = (float) (lr * c2 / c1);
        float epsT = (float) (eps * c2);
        float wdLr = (float) (lr * weightDecay);
        for (Param p : params) {
            float[] m = state.computeIfAbsent(p.name() + "/m", x -> new float[p.size()]);
            float[] v = state.computeIfAbsent(p.name() + "/v", x -> new float[p.size()]);
            k.adam(p.w(), p.g(), m, v, 0, p.size(), beta1, beta2, lrT, epsT, wdLr);
        }
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, state);
    }

    @Override
    public void restore(OptimizerState s) {
        state.clear();
        state.putAll(s.arrays());
        steps = s.steps();
    }
}
