package dev.vecrnn.model;

import dev.vecrnn.util.UserException;

/**
 * The shape of a language model: cell type, vocabulary size, hidden width, layers and the
 * dropout between layers (training only).
 */
public record ModelSpec(String cell, int vocab, int hidden, int layers, float dropout) {

    public ModelSpec {
        if (!CellType.known(cell)) {
            throw new UserException("unknown model '" + cell + "'; use one of " + CellType.names());
        }
        if (vocab < 2) {
            throw new UserException("the vocabulary has " + vocab + " token(s); a language model needs at least 2");
        }
        if (hidden < 1) {
            throw new UserException("--hidden must be at least 1, not " + hidden);
        }
        if (layers < 1) {
            throw new UserException("--layers must be at least 1, not " + layers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new UserException("--dropout must be in [0, 1), not " + dropout);
        }
        if (dropout > 0f && layers < 2) {
            throw new UserException("--dropout acts between layers, so it needs --layers 2 or more (or --dropout 0)");
        }
    }

    /** The seed's model: one vanilla layer, no dropout. */
    public static ModelSpec rnn(int vocab, int hidden) {
        return new ModelSpec("rnn", vocab, hidden, 1, 0f);
    }
}
