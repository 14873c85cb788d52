package dev.vecrnn.api;

import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.spi.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A text as the tokenizer of a run's settings splits it: the token stream, each piece's count,
 * and the vocabulary a run would build from it ({@code minCount}, {@code maxVocab}). For seeing
 * what a tokenizer (jieba, say) did to a text before training on it, and for feeding the same
 * tokens to other tools.
 */
public final class Tokens {
    private final List<String> pieces;
    private final List<Map.Entry<String, Integer>> byCount;
    private final int vocabularySize;
    private final boolean unknownToken;

    private Tokens(List<String> pieces, List<Map.Entry<String, Integer>> byCount, int vocabularySize, boolean unknownToken) {
        this.pieces = pieces;
        this.byCount = byCount;
        this.vocabularySize = vocabularySize;
        this.unknownToken = unknownToken;
    }

    /**
     * Splits {@code text} with the tokenizer of {@code settings} (its {@code tokenizer},
     * {@code tokenizerOptions} and {@code encoding}, and {@code minCount} and {@code maxVocab} for
     * the vocabulary), found in {@code plugins}.
     */
    public static Tokens of(TrainingText text, TrainSettings settings, Plugins plugins) {
        Tokenizer tok = Model.tokenizer(plugins, settings.tokenizer(), settings.tokenizerOptions());
        TrainingText.Content c = text.read(settings.encoding());
        List<String> pieces = c.tokens() != null ? c.tokens() : tok.split(c.text());
        Map<String, Integer> counts = new HashMap<>();
        for (String p : pieces) {
            counts.merge(p, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort((a, b) -> {
            int d = Integer.compare(b.getValue(), a.getValue());
            return d != 0 ? d : Vocabulary.compareCodePoints(a.getKey(), b.getKey());
        });
        Vocabulary v = Vocabulary.build(pieces, settings.minCount(), settings.maxVocab());
        return new Tokens(pieces, byCount, v.size(), v.unk() >= 0);
    }

    /** The tokens, in order. */
    public List<String> pieces() {
        return pieces;
    }

    /** Distinct pieces in the text. */
    public int distinct() {
        return byCount.size();
    }

    /** Tokens of the vocabulary a run would build (with {@code <unk>} for the pieces left out, if any). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Whether that vocabulary has {@code <unk>}. */
    public boolean hasUnknownToken() {
        return unknownToken;
    }

    /** The {@code n} most frequent pieces with their counts, most frequent first (ties by code point). */
    public List<Map.Entry<String, Integer>> mostFrequent(int n) {
        return List.copyOf(byCount.subList(0, Math.min(n, byCount.size())));
    }

    /** The share of the tokens that are one of the {@code n} most frequent pieces. */
    public double coverage(int n) {
        long covered = 0;
        for (int i = 0; i < Math.min(n, byCount.size()); i++) {
            covered += byCount.get(i).getValue();
        }
        return pieces.isEmpty() ? 0 : covered / (double) pieces.size();
    }

    /**
     * Writes the tokens to {@code file}, one per line in UTF-8, escaped so that every piece is one
     * line: {@code \n}, {@code \r}, {@code \t}, {@code \\} and other control characters as
     * {@code \}u escapes. Written atomically.
     */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder(pieces.size() * 4);
        for (String p : pieces) {
            sb.append(escape(p)).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A piece on one line: backslash escapes for the backslash and control characters. */
    public static String escape(String piece) {
        StringBuilder sb = new StringBuilder(piece.length() + 2);
        piece.codePoints().forEach(c -> {
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
                        sb.append(String.format("\\u%04X", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
            }
        });
        return sb.toString();
    }
}
