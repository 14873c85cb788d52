package dev.vecrnn.api;

import java.util.Locale;

/** The recurrent cells a model can be built from; {@link #toString()} is the name the command line uses. */
public enum CellType {
    /** The seed's vanilla cell: {@code h = tanh(W_xh x + W_hh h + b)}. */
    RNN,
    /** Long short-term memory, with the gates in PyTorch's order [i f o g]. */
    LSTM,
    /** Gated recurrent unit, in the cuDNN/PyTorch form. */
    GRU;

    /** The cell called {@code name} (any case); a {@link VecrnnException} naming the known cells otherwise. */
    public static CellType of(String name) {
        for (CellType c : values()) {
            if (c.toString().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new VecrnnException("unknown model '" + name + "'; use one of " + names());
    }

    /** The names, comma-separated: "rnn, lstm, gru". */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (CellType c : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
