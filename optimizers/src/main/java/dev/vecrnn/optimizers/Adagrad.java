package dev.vecrnn.optimizers;

import dev.vecrnn.kernel.Kernels;
import dev.vecrnn.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's Adagrad: {@code mem += g*g; w -= lr * g / sqrt(mem + eps)}. A zero gradient changes
 * neither mem nor w, so a sparse parameter is updated only in its touched rows.
 */
public final class Adagrad implements Optimizer {
    static final String SLOT = "/mem";
    private final float eps;
    private final Map<String, float[]> mem = new HashMap<>();
    private long steps;

    public Adagrad(double eps) {
        this.eps = (float) eps;
    }

    @Override
    public void step(List<Param> params, float lr, Kernels k) {
        for (Param p : params) {
            float[] m = mem.computeIfAbsent(p.name() + SLOT, x -> new float[p.size()]);
            int[] rows = p.touchedRows();
            if (rows == null) {
                k.adagrad(p.w(), p.g(), m, 0, p.size(), lr, eps);
            } else {
                for (int r : rows) {
                    k.adagrad(p.w(), p.g(), m, r * p.cols(), p.cols(), lr, eps);
                }
            }
        }
        steps++;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, mem);
    }

    @Override
    public void restore(OptimizerState state) {
        mem.clear();
        mem.putAll(state.arrays());
        steps = state.steps();
    }
}
