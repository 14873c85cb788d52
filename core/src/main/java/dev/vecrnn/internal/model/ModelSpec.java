package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.VecrnnException;

/**
 * The shape of a language model: cell type, vocabulary size, hidden width, layers and the
 * dropout between layers (training only).
 */
public record ModelSpec(CellType cell, int vocab, int hidden, int layers, float dropout) {

    /** The cell by its name. */
    public ModelSpec(String cell, int vocab, int hidden, int layers, float dropout) {
        this(CellType.of(cell), vocab, hidden, layers, dropout);
    }

    public ModelSpec {
        if (cell == null) {
            throw new VecrnnException("no model cell given; use one of " + CellType.names());
        }
        if (vocab < 2) {
            throw new VecrnnException("the vocabulary has " + vocab + " token(s);; a language model needs at least 2");
        }
        if (hidden < 1) {
            throw VecrnnException.about("{hidden} must be at least 1, not " + hidden, "hidden");
        }
        if (layers < 1) {
            throw VecrnnException.about("{layers} must be at least 1, not " + layers, "layers");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw VecrnnException.about("{dropout} must be in [0, 1), not " + dropout, "dropout");
        }
        if (dropout > 0f && layers < 2) {
            throw VecrnnException.about("{dropout} acts between layers, so it needs {layers} 2 or more (or {dropout} 0)", "dropout", "layers");
        }
    }

    /** The seed's model: one vanilla layer, no dropout. */
    public static ModelSpec rnn(int vocab, int hidden) {
        return new ModelSpec(CellType.RNN, vocab, hidden, 1, 0f);
    }
}
