package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;

/** Creates the cell of a {@link CellType}. */
public final class Cells {
    private Cells() {
    }

    /** A new cell of {@code type} for layer {@code prefix} with {@code hidden} units. */
    public static Cell create(CellType type, String prefix, int hidden) {
        switch (type) {
            case RNN:
                return new RnnCell(prefix, hidden);
            case LSTM:
                return new LstmCell(prefix, hidden);
            case GRU:
                return new GruCell(prefix, hidden);
            default:
                throw new AssertionError(type);
        }
    }
}
