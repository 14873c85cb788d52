package dev.vecrnn.app;

import dev.vecrnn.api.CellType;
import dev.vecrnn.internal.model.LstmCell;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.api.VecrnnException;
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
            description = "Initial bias of the LSTM forget gate (default: " + LstmCell.DEFAULT_FORGET_BIAS + ").")
    Float forgetBias;

    /** Finds what is wrong with the options before the text is read (the vocabulary size is not known yet). */
    void validate() {
        spec(2);
    }

    ModelSpec spec(int vocab) {
        if (forgetBias != null) {
            if (CellType.of(cell) != CellType.LSTM) {
                throw new VecrnnException("--forget-bias is for --model lstm only");
            }
            if (!Float.isFinite(forgetBias)) {
                throw new VecrnnException("--forget-bias must be a finite number, not " + forgetBias);
            }
        }
        return new ModelSpec(cell, vocab, hidden, layers, dropout);
    }

    /** The LSTM forget-gate bias to start from. */
    float forgetBias() {
        return forgetBias != null ? forgetBias : LstmCell.DEFAULT_FORGET_BIAS;
    }
}
