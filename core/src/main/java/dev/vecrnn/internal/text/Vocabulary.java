package dev.vecrnn.internal.text;

import dev.vecrnn.api.VecrnnException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps pieces to ids. Built from the training pieces: the kept pieces sorted by code point (as
 * Python's {@code sorted(set(data))}), then {@code <unk>} last if any piece was dropped by
 * {@code minCount} or {@code maxVocab}; or, for the adaptive softmax, the same pieces ordered by
 * frequency ({@link #buildByFrequency}).
 */
public final class Vocabulary {
    public static final String UNK = "<unk>";

    private final List<String> pieces;
    private final Map<String, Integer> ids;
    private final int unk;

    /** A vocabulary with exactly these pieces in this order ({@code <unk>} among them or not). */
    public Vocabulary(List<String> pieces) {
        this.pieces = List.copyOf(pieces);
        this.ids = new HashMap<>(pieces.size() * 2);
        for (int i = 0; i < pieces.size(); i++) {
            if (ids.put(pieces.get(i), i) != null) {
                throw new IllegalArgumentException("piece repeated in vocabulary: " + pieces.get(i));
            }
        }
        Integer u = ids.get(UNK);
        this.unk = u == null ? -1 : u;
    }

    /**
     * Builds the vocabulary of {@code data}: pieces seen at least {@code minCount} times, at most
     * {@code maxVocab} of them (0 = no limit; the most frequent kept, ties by code point order).
     */
    public static Vocabulary build(List<String> data, int minCount, int maxVocab) {
        Kept k = select(data, minCount, maxVocab);
        List<String> pieces = new ArrayList<>(k.pieces);
        pieces.sort(Vocabulary::compareCodePoints);
        if (k.unk) {
            pieces.add(UNK);
        }
        return new Vocabulary(pieces);
    }

    /**
     * The pieces {@link #build} keeps, ordered by how often they occur in {@code data}, most
     * frequent first (id 0), ties by code point: the order the adaptive softmax's cutoffs assume.
     * {@code <unk>} (when there is one) stands where its own count puts it: the occurrences of
     * every dropped piece (and of a literal {@code <unk>} in the data), since that is how often
     * its id occurs in the encoded text the model learns from.
     */
    public static Vocabulary buildByFrequency(List<String> data, int minCount, int maxVocab) {
        Kept k = select(data, minCount, maxVocab);
        List<String> pieces = new ArrayList<>(k.pieces);
        if (k.unk) {
            pieces.add(UNK);
        }
        pieces.sort((a, b) -> {
            int c = Long.compare(k.count(b), k.count(a));
            return c != 0 ? c : compareCodePoints(a, b);
        });
        return new Vocabulary(pieces);
    }

    /** The pieces kept (without {@code <unk>}), their counts, and whether and how often {@code <unk>} stands for the rest. */
    private record Kept(List<String> pieces, Map<String, int[]> counts, boolean unk, long unkCount) {
        long count(String piece) {
            return piece.equals(UNK) ? unkCount : counts.get(piece)[0];
        }
    }

    private static Kept select(List<String> data, int minCount, int maxVocab) {
        if (minCount < 1) {
            throw VecrnnException.about("{minCount} must be at least 1, not " + minCount, "minCount");
        }
        if (maxVocab < 0 || maxVocab == 1) {
            throw VecrnnException.about("{maxVocab} must be 0 (no limit) or at least 2, not " + maxVocab, "maxVocab");
        }
        Map<String, int[]> counts = new HashMap<>();
        for (String p : data) {
            counts.computeIfAbsent(p, x -> new int[1])[0]++;
        }
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                kept.add(e.getKey());
            }
        }
        boolean dropped = kept.size() < counts.size();
        int limit = maxVocab == 0 ? Integer.MAX_VALUE : (dropped || kept.size() > maxVocab ? maxVocab - 1 : maxVocab);
        if (kept.size() > limit) {
            kept.sort((a, b) -> {
                int c = Integer.compare(counts.get(b)[0], counts.get(a)[0]);
                return c != 0 ? c : compareCodePoints(a, b);
            });
            kept = new ArrayList<>(kept.subList(0, limit));
            dropped = true;
        }
        kept.remove(UNK);
        long covered = 0;
        for (String p : kept) {
            covered += counts.get(p)[0];
        }
        return new Kept(kept, counts, dropped || counts.containsKey(UNK), data.size() - covered);
    }

    /** Orders strings by code point, as Python does (String.compareTo orders UTF-16 units). */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    public int size() {
        return pieces.size();
    }

    public String piece(int id) {
        return pieces.get(id);
    }

    public List<String> pieces() {
        return Collections.unmodifiableList(pieces);
    }

    /** The id of {@code piece}, or -1. */
    public int id(String piece) {
        Integer i = ids.get(piece);
        return i == null ? -1 : i;
    }

    /** The id of {@code <unk>}, or -1 if this vocabulary has none. */
    public int unk() {
        return unk;
    }

    /**
     * Ids of {@code data}; unknown pieces become {@code <unk>} (or an error naming them if there is
     * none). {@code what} names the data in the message, a template naming {@code settings} as
     * {@link VecrnnException#about} takes.
     */
    public int[] encode(List<String> data, String what, String... settings) {
        int[] out = new int[data.size()];
        Set<String> missing = new LinkedHashSet<>();
        for (int i = 0; i < out.length; i++) {
            int id = id(data.get(i));
            if (id < 0) {
                if (unk < 0) {
                    missing.add(data.get(i));
                }
                id = unk;
            }
            out[i] = id;
        }
        if (!missing.isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (String m : missing) {
                if (shown.size() == 10) {
                    break;
                }
                shown.add(quote(m));
            }
            throw VecrnnException.about(what + " has " + missing.size() + " piece(s) the model never saw: "
                    + String.join(" ", shown) + (missing.size() > 10 ? " ..." : "")
                    + "; use text made of the model's vocabulary", settings);
        }
        return out;
    }

    /** A piece as a user can read it in a message, with control characters escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || c == 0xFEFF) {
                sb.append(String.format("\\u%04X", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('\'').toString();
    }
}
