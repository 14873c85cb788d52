package dev.vecrnn.app;

import dev.vecrnn.model.ModelSpec;
import picocli.CommandLine.Option;

/** The shape of the model to train. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "CELL", defaultValue = "rnn",
            description = "Recurrent cell (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "100", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers;

    ModelSpec spec(int vocab) {
        return new ModelSpec(cell, vocab, hidden, layers, 0f);
    }
}
