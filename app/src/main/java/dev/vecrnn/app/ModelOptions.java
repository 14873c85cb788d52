package dev.vecrnn.app;

import dev.vecrnn.api.TrainSettings;
import picocli.CommandLine.Option;

import java.util.List;

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

    @Option(names = "--embedding", paramLabel = "E", defaultValue = "0",
            description = "A learned E-dimensional vector per token, read by the first layer; 0 = none: the first layer's "
                    + "input weights are a table with a row per token, the seed's model (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--softmax", paramLabel = "KIND", defaultValue = "full",
            description = "Output layer: full, or adaptive (Grave et al. 2017: exact, and far cheaper for a large "
                    + "vocabulary, e.g. words) (default: ${DEFAULT-VALUE}).")
    String softmax;

    @Option(names = "--cutoffs", paramLabel = "N,N...", split = ",",
            description = "Cluster boundaries of the adaptive softmax in the vocabulary ordered by frequency "
                    + "(default: from the vocabulary's size: 2000,10000 for 45,000 words).")
    List<Integer> cutoffs;

    @Option(names = "--div-value", paramLabel = "D", defaultValue = "4",
            description = "Each adaptive tail cluster's projection is D times narrower than the one before (default: ${DEFAULT-VALUE}).")
    float divValue;

    @Option(names = "--tie-weights",
            description = "The output layer shares the word vectors (Press and Wolf 2017); needs --embedding equal to --hidden.")
    boolean tieWeights;
}
