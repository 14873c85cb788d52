package dev.vecrnn.internal.model;

import dev.vecrnn.api.VecrnnException;

import java.util.Locale;

/** How the output layer turns the top hidden state into the distribution of the next token. */
public enum Softmax {
    /** One logit per token and one softmax over the whole vocabulary (the seed's). */
    FULL,
    /**
     * Grave et al.'s adaptive softmax (PyTorch's {@code AdaptiveLogSoftmaxWithLoss}): a head over
     * the most frequent tokens and one entry per cluster of rarer ones, each cluster a softmax of
     * its own behind a smaller projection. Exact: every token's log-probability is computed.
     */
    ADAPTIVE;

    /** The softmax called {@code name} (any case); a {@link VecrnnException} naming both otherwise. */
    public static Softmax of(String name) {
        for (Softmax s : values()) {
            if (s.toString().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw VecrnnException.about("unknown {softmax} '" + name + "'; use full or adaptive", "softmax");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
