package dev.vecrnn.testing;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Parameter;
import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.OptimizerState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A minimal Adagrad for core tests (the real optimizers live in another module). */
public final class TestAdagrad implements Optimizer {
    private final Map<String, float[]> mem = new HashMap<>();
    private long steps;

    @Override
    public void step(List<? extends Parameter> params, float lr, VectorOps k) {
        for (Parameter p : params) {
            float[] m = mem.computeIfAbsent(p.name() + "/mem", x -> new float[p.size()]);
            k.adagrad(p.weights(), p.gradient(), m, 0, p.size(), lr, 1e-8f);
        }
        steps++;
    }

    @Override
    public int stateSlots() {
        return 1;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, mem);
    }

    @Override
    public void restore(OptimizerState state) {
        mem.clear();
        state.arrays().forEach((k, v) -> mem.put(k, v.clone()));
        steps = state.steps();
    }
}
