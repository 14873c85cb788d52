package dev.vecrnn.app;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;

import java.util.List;
import java.util.Map;

/**
 * How many arrays the size of the parameters an optimizer keeps (1 for Adagrad, 2 for Adam),
 * found by letting a second instance take one step on a one-element parameter, so that the
 * memory estimate is right for any plugin.
 */
final class OptimizerSlots {
    /** What to assume when the probe cannot tell: Adam's two moments. */
    static final int UNKNOWN = 2;

    private OptimizerSlots() {
    }

    static int count(OptimizerProvider provider, Map<String, String> options, Kernels kernels) {
        try {
            Optimizer probe = provider.create(new Options("optimizer", provider.name(), options));
            Param p = new Param("probe", 1, 1, false);
            p.g()[0] = 0.5f;
            probe.step(List.of(p), 0.01f, kernels);
            return probe.state().arrays().size();
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }
}
