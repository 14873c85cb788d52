package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.VecrnnException;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a language model: cell type, vocabulary size, hidden width, layers, the dropout
 * between layers (training only), and the word-level options: {@code embedding} (E, the width of
 * a learned vector per token read by layer 0; 0 = none, layer 0 reads a V x G table of input
 * weights as the seed's model does), {@code softmax} (full or adaptive), the adaptive softmax's
 * {@code cutoffs} and {@code divValue}, and {@code tieWeights} (the output layer shares the word
 * vectors). See docs/MODELS.md for what each computes.
 *
 * <p>{@code cutoffs} is an array, so this record compares, hashes and prints it by content and
 * never hands out its own copy.
 */
public record ModelSpec(CellType cell, int vocab, int hidden, int layers, float dropout,
                        int embedding, Softmax softmax, int[] cutoffs, float divValue, boolean tieWeights) {

    /** PyTorch's default {@code div_value}: each tail cluster's projection is 4 times narrower than the one before. */
    public static final float DEFAULT_DIV_VALUE = 4f;
    /** The first default cutoff, and the factor between one default cutoff and the next. */
    static final int FIRST_CUTOFF = 2000;
    static final int CUTOFF_FACTOR = 5;

    /** No word vectors, full softmax: the model of every file written before these options. */
    public ModelSpec(CellType cell, int vocab, int hidden, int layers, float dropout) {
        this(cell, vocab, hidden, layers, dropout, 0, Softmax.FULL, new int[0], DEFAULT_DIV_VALUE, false);
    }

    /** The cell by its name. */
    public ModelSpec(String cell, int vocab, int hidden, int layers, float dropout) {
        this(CellType.of(cell), vocab, hidden, layers, dropout);
    }

    public ModelSpec {
        if (cell == null) {
            throw new VecrnnException("no model cell given; use one of " + CellType.names());
        }
        if (vocab < 2) {
            throw new VecrnnException("the vocabulary has " + vocab + " token(s); a language model needs at least 2");
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
        cutoffs = cutoffs == null ? new int[0] : cutoffs.clone();
        if (embedding < 0) {
            throw VecrnnException.about("{embedding} must be 0 (no word vectors) or a width of at least 1, not " + embedding,
                    "embedding");
        }
        if (softmax == null) {
            throw VecrnnException.about("no {softmax} given; use full or adaptive", "softmax");
        }
        if (!(divValue > 0f) || Float.isInfinite(divValue)) {
            throw VecrnnException.about("{divValue} must be a positive number, not " + divValue, "divValue");
        }
        if (softmax == Softmax.FULL) {
            if (cutoffs.length > 0) {
                throw VecrnnException.about("{cutoffs} apply only to {softmax} adaptive; remove them or use {softmax} adaptive",
                        "cutoffs", "softmax");
            }
            if (divValue != DEFAULT_DIV_VALUE) {
                throw VecrnnException.about("{divValue} applies only to {softmax} adaptive; remove it or use {softmax} adaptive",
                        "divValue", "softmax");
            }
        } else {
            checkCutoffs(cutoffs, vocab);
            for (int i = 0; i < cutoffs.length; i++) {
                if (clusterHidden(hidden, divValue, i) < 1) {
                    throw VecrnnException.about("{divValue} " + divValue + " leaves tail cluster " + (i + 1) + " a projection of "
                            + hidden + " / " + divValue + "^" + (i + 1) + " < 1 units; use a smaller {divValue}, fewer {cutoffs} "
                            + "or a larger {hidden}", "divValue", "cutoffs", "hidden");
                }
            }
        }
        if (tieWeights) {
            if (embedding == 0) {
                throw VecrnnException.about("{tieWeights} makes the output layer share the word vectors, so it needs an {embedding} "
                        + "(set {embedding} to the hidden size, " + hidden + ")", "tieWeights", "embedding");
            }
            if (embedding != hidden) {
                throw VecrnnException.about("{tieWeights} needs {embedding} equal to {hidden}: the output layer's rows have " + hidden
                        + " values, the word vectors " + embedding + "; set {embedding} to " + hidden + " or leave {tieWeights} off",
                        "tieWeights", "embedding", "hidden");
            }
        }
    }

    private static void checkCutoffs(int[] cutoffs, int vocab) {
        if (cutoffs.length == 0) {
            throw VecrnnException.about("{softmax} adaptive needs {cutoffs} (for a vocabulary of " + vocab + ", e.g. "
                    + format(defaultCutoffs(vocab)) + ")", "softmax", "cutoffs");
        }
        for (int i = 0; i < cutoffs.length; i++) {
            if (cutoffs[i] <= 0 || cutoffs[i] >= vocab || (i > 0 && cutoffs[i] <= cutoffs[i - 1])) {
                throw VecrnnException.about("{cutoffs} must be strictly increasing, each between 1 and " + (vocab - 1)
                        + " (the vocabulary has " + vocab + " tokens), not " + format(cutoffs), "cutoffs");
            }
        }
    }

    /** The seed's model: one vanilla layer, no dropout. */
    public static ModelSpec rnn(int vocab, int hidden) {
        return new ModelSpec(CellType.RNN, vocab, hidden, 1, 0f);
    }

    /** This spec with word vectors of width {@code e} (0: none). */
    public ModelSpec withEmbedding(int e) {
        return new ModelSpec(cell, vocab, hidden, layers, dropout, e, softmax, cutoffs, divValue, tieWeights);
    }

    /** This spec with the full softmax. */
    public ModelSpec withFullSoftmax() {
        return new ModelSpec(cell, vocab, hidden, layers, dropout, embedding, Softmax.FULL, new int[0], DEFAULT_DIV_VALUE,
                tieWeights);
    }

    /** This spec with the adaptive softmax of these cutoffs and divValue. */
    public ModelSpec withAdaptiveSoftmax(int[] newCutoffs, float newDivValue) {
        return new ModelSpec(cell, vocab, hidden, layers, dropout, embedding, Softmax.ADAPTIVE, newCutoffs, newDivValue,
                tieWeights);
    }

    /** This spec with the output layer sharing the word vectors, or not. */
    public ModelSpec withTiedWeights(boolean tie) {
        return new ModelSpec(cell, vocab, hidden, layers, dropout, embedding, softmax, cutoffs, divValue, tie);
    }

    /** A copy of the adaptive softmax's cutoffs (empty for the full softmax). */
    @Override
    public int[] cutoffs() {
        return cutoffs.clone();
    }

    /** Whether the output layer is the adaptive softmax. */
    public boolean adaptive() {
        return softmax == Softmax.ADAPTIVE;
    }

    /** Width of layer 0's input: E with word vectors; 0 without (layer 0 then reads a table row per token). */
    public int inputWidth() {
        return embedding;
    }

    /** The adaptive softmax's head: the shortlist (tokens below the first cutoff) plus one entry per tail cluster. */
    public int headSize() {
        return cutoffs[0] + cutoffs.length;
    }

    /** Tail clusters of the adaptive softmax (0 for the full softmax). */
    public int clusters() {
        return cutoffs.length;
    }

    /** The first token of tail cluster {@code i} (0-based). */
    public int clusterStart(int i) {
        return cutoffs[i];
    }

    /** The tokens of tail cluster {@code i}: from its cutoff to the next one or to the end of the vocabulary. */
    public int clusterTokens(int i) {
        return (i + 1 < cutoffs.length ? cutoffs[i + 1] : vocab) - cutoffs[i];
    }

    /** The width of tail cluster {@code i}'s projection: floor(hidden / divValue^(i+1)), as PyTorch. */
    public int clusterHidden(int i) {
        return clusterHidden(hidden, divValue, i);
    }

    private static int clusterHidden(int hidden, float divValue, int i) {
        return (int) Math.floor(hidden / Math.pow(divValue, i + 1));
    }

    /**
     * Cutoffs for a vocabulary of {@code vocab} tokens ordered by frequency: 2000, then every
     * factor of 5 (10,000, 50,000, 250,000 ...) that is at most half the vocabulary, so that the
     * rarest cluster holds at least half of the tokens; 45,558 words get the 2000,10000.
     * A vocabulary under 4,000 has no room for that shortlist; it gets one cutoff at a quarter of
     * its size (a quarter of a Zipfian vocabulary covers most of the text), e.g. 16 for 65 symbols,
     * where the adaptive softmax is valid but saves little.
     */
    public static int[] defaultCutoffs(int vocab) {
        if (vocab < 2) {
            throw new IllegalArgumentException("vocabulary " + vocab);
        }
        int n = 0;
        for (long c = FIRST_CUTOFF; c <= vocab / 2; c *= CUTOFF_FACTOR) {
            n++;
        }
        if (n == 0) {
            return new int[] {Math.max(1, vocab / 4)};
        }
        int[] cuts = new int[n];
        long c = FIRST_CUTOFF;
        for (int i = 0; i < n; i++, c *= CUTOFF_FACTOR) {
            cuts[i] = (int) c;
        }
        return cuts;
    }

    /** Cutoffs as the command line writes them: "2000,10000". */
    public static String format(int[] cutoffs) {
        StringBuilder sb = new StringBuilder();
        for (int c : cutoffs) {
            sb.append(sb.length() == 0 ? "" : ",").append(c);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && cell == s.cell && vocab == s.vocab && hidden == s.hidden && layers == s.layers
                && Float.compare(dropout, s.dropout) == 0 && embedding == s.embedding && softmax == s.softmax
                && Arrays.equals(cutoffs, s.cutoffs) && Float.compare(divValue, s.divValue) == 0 && tieWeights == s.tieWeights;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cell, vocab, hidden, layers, dropout, embedding, softmax, Arrays.hashCode(cutoffs), divValue,
                tieWeights);
    }

    @Override
    public String toString() {
        return "ModelSpec[cell=" + cell + ", vocab=" + vocab + ", hidden=" + hidden + ", layers=" + layers + ", dropout="
                + dropout + ", embedding=" + embedding + ", softmax=" + softmax + ", cutoffs=" + format(cutoffs)
                + ", divValue=" + divValue + ", tieWeights=" + tieWeights + "]";
    }
}
