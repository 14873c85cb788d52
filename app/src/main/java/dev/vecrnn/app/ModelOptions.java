package dev.vecrnn.app;

import dev.vecrnn.api.TrainSettings;
import picocli.CommandLine.Option;

/** The shape of the model to train and how its weights start. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "CELL", defaultValue = "rnn",
            description = "Recurrent cell: rnn (the seed's), lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "100", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Drop this fraction of each layer's output before the next layer reads it, "
                    + "in training only; needs --layers 2 or more (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--forget-bias", paramLabel = "X",
            description = "Initial bias of the LSTM forget gate (default: " + TrainSettings.DEFAULT_FORGET_BIAS + ").")
    Float forgetBias;
}
