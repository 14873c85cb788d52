package dev.vecrnn.model;

import java.util.Locale;

/** The recurrent cells a model can be built from, by the name used on the command line. */
public enum CellType {
    RNN, LSTM, GRU;

    public static boolean known(String name) {
        try {
            of(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static CellType of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (CellType c : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** A new cell of this type for layer {@code prefix} with {@code hidden} units. */
    public Cell create(String prefix, int hidden) {
        switch (this) {
            case RNN:
                return new RnnCell(prefix, hidden);
            case LSTM:
                return new LstmCell(prefix, hidden);
            case GRU:
                return new GruCell(prefix, hidden);
            default:
                throw new AssertionError(this);
        }
    }
}
