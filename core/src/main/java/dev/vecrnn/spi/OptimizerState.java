package dev.vecrnn.spi;

import java.util.Map;

/**
 * An optimizer's state for a checkpoint: how many steps it has taken and its arrays, keyed
 * {@code <parameter name>/<slot>} (for example {@code output.weight/m}).
 */
public record OptimizerState(long steps, Map<String, float[]> arrays) {
    public OptimizerState {
        arrays = Map.copyOf(arrays);
    }
}
