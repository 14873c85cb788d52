package dev.vecrnn.optimizers;

import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.Parameter;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.api.VecrnnException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every built-in optimizer shares: a step counter and, per parameter, a few named state
 * arrays ("slots") of the parameter's size, saved as {@code <parameter>/<slot>}. Checks that a
 * restored state fits: no slot this optimizer does not keep, every array the size of its
 * parameter, no parameter missing once steps were taken.
 */
abstract class SlottedOptimizer implements Optimizer {
    private final String name;
    private final List<String> slots;
    private final Map<String, float[]> arrays = new HashMap<>();
    private long steps;
    /** Steps of the restored state: from then on every parameter must already have its slots. */
    private long restoredSteps;

    SlottedOptimizer(String name, List<String> slots) {
        this.name = name;
        this.slots = List.copyOf(slots);
    }

    @Override
    public final int stateSlots() {
        return slots.size();
    }

    @Override
    public final void step(List<? extends Parameter> params, float lr, VectorOps k) {
        begin(params, lr);
        for (Parameter p : params) {
            update(p, lr, k);
        }
    }

    /** Every built-in rule is elementwise, so any parameter may be updated in blocks of rows. */
    @Override
    public final BlockStep beginBlockStep(List<? extends Parameter> params, float lr) {
        begin(params, lr);
        return new BlockStep() {
            @Override
            public void updateRows(Parameter p, int first, int count, float[] grad, int gradOff, VectorOps k) {
                if (p.sparse()) {
                    throw new IllegalArgumentException(p.name() + " is sparse; only dense parameters are updated in blocks");
                }
                if (first < 0 || count < 0 || first + count > p.rows()) {
                    throw new IllegalArgumentException("rows [" + first + ", " + (first + count) + ") of " + p);
                }
                updateBlock(p, lr, first * p.cols(), grad, gradOff, count * p.cols(), k);
            }

            @Override
            public void finish(List<? extends Parameter> rest, VectorOps k) {
                for (Parameter p : rest) {
                    update(p, lr, k);
                }
            }
        };
    }

    /** What every step does first: checks the rate and the state, counts the step. */
    private void begin(List<? extends Parameter> params, float lr) {
        // 0 is allowed: a long decay schedule can underflow the float rate
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate " + lr);
        }
        // a state that does not fit fails here, before any weight has changed; this also creates
        // every slot, so that blocks updated on several threads only read the map
        for (Parameter p : params) {
            for (String s : slots) {
                slot(p, s);
            }
        }
        steps++;
        beginStep(lr, steps);
    }

    /** Called once per step before the parameters, with the 1-based number of this step. */
    void beginStep(float lr, long step) {
    }

    /** Updates one parameter in place from its gradient. */
    abstract void update(Parameter p, float lr, VectorOps k);

    /**
     * Updates elements [off, off + n) of the dense parameter {@code p} and its state from the
     * gradient {@code g[gOff, gOff + n)}, as {@link #update} does each element. May be called on
     * several threads at once for disjoint ranges; may overwrite the gradient.
     */
    abstract void updateBlock(Parameter p, float lr, int off, float[] g, int gOff, int n, VectorOps k);

    /** The state array {@code slot} of {@code p}, zeros the first time. */
    final float[] slot(Parameter p, String slot) {
        String key = p.name() + "/" + slot;
        float[] a = arrays.get(key);
        if (a == null) {
            if (restoredSteps > 0) {
                throw new VecrnnException("the saved " + name + " state has no '" + key + "' although it took "
                        + restoredSteps + " steps; resume with the model, optimizer and options the checkpoint was written with");
            }
            a = new float[p.size()];
            arrays.put(key, a);
        } else if (a.length != p.size()) {
            throw new VecrnnException("the saved " + name + " state '" + key + "' has " + a.length + " values but "
                    + p.name() + " has " + p.size() + "; resume with the model, optimizer and options the checkpoint was written with");
        }
        return a;
    }

    /** Updates done so far. */
    final long steps() {
        return steps;
    }

    /** A copy: later steps do not change it. */
    @Override
    public final OptimizerState state() {
        Map<String, float[]> copy = new HashMap<>();
        arrays.forEach((key, a) -> copy.put(key, a.clone()));
        return new OptimizerState(steps, copy);
    }

    @Override
    public final void restore(OptimizerState state) {
        if (state.steps() < 0) {
            throw new VecrnnException("the saved " + name + " state has a negative step count " + state.steps());
        }
        for (String key : state.arrays().keySet()) {
            int slash = key.lastIndexOf('/');
            if (slash <= 0 || !slots.contains(key.substring(slash + 1))) {
                throw new VecrnnException("the saved optimizer state holds '" + key + "', which " + name + " does not keep ("
                        + (slots.isEmpty() ? "it keeps nothing" : "it keeps " + String.join(", ", slots))
                        + "); resume with the optimizer and options the checkpoint was written with");
            }
        }
        arrays.clear();
        state.arrays().forEach((key, a) -> arrays.put(key, a.clone()));
        steps = state.steps();
        restoredSteps = state.steps();
    }

    /** Calls the kernel on the whole parameter, or on each touched row of a sparse one. */
    static void forTouched(Parameter p, Block b) {
        int[] rows = p.touchedRows();
        if (rows == null) {
            b.run(0, p.size());
            return;
        }
        int cols = p.cols();
        for (int r : rows) {
            b.run(r * cols, cols);
        }
    }

    interface Block {
        void run(int off, int n);
    }
}
