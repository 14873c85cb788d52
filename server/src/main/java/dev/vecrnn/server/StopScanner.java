package dev.vecrnn.server;

import java.util.List;

/**
 * Finds the first stop sequence in text that arrives in pieces, and hands out only text that can
 * no longer turn out to be the start of one: a streamed client never sees text that a later
 * token shows to be part of a stop sequence.
 */
final class StopScanner {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    StopScanner(List<String> stops) {
        this.stops = stops;
    }

    /** Adds {@code text}; returns what may be shown now (up to a stop sequence, if one was completed). */
    String push(String text) {
        if (stopped) {
            return "";
        }
        pending.append(text);
        if (stops.isEmpty()) {
            return take(pending.length());
        }
        int first = -1;
        for (String s : stops) {
            int at = pending.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = pending.substring(0, first);
            pending.setLength(0);
            return out;
        }
        return take(pending.length() - heldBack());
    }

    /** The text held back when no more will come. */
    String finish() {
        return take(pending.length());
    }

    /** Whether a stop sequence was found: the choice is over. */
    boolean stopped() {
        return stopped;
    }

    /** The longest end of the pending text that begins some stop sequence. */
    private int heldBack() {
        String text = pending.toString();
        int best = 0;
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, pending.length()); k > best; k--) {
                if (text.regionMatches(text.length() - k, s, 0, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best;
    }

    private String take(int n) {
        String out = pending.substring(0, n);
        pending.delete(0, n);
        return out;
    }
}
