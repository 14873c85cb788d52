package dev.vecrnn.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopScannerTest {

    /** Feeds {@code pieces} and returns what was shown, with "|" where a push returned. */
    private static String run(StopScanner s, String... pieces) {
        StringBuilder sb = new StringBuilder();
        for (String p : pieces) {
            sb.append(s.push(p)).append('|');
        }
        return sb.append(s.stopped() ? "" : s.finish()).toString();
    }

    @Test
    void textThatMayStartAStopSequenceIsHeldBackUntilItCannot() {
        StopScanner s = new StopScanner(List.of("END"));
        assertEquals("ab|c||ENx|yz|", run(s, "ab", "cE", "N", "x", "yz"));
        assertFalse(s.stopped());
    }

    @Test
    void theFirstStopSequenceEndsTheTextWhicheverItIs() {
        StopScanner s = new StopScanner(List.of("fox", "o"));
        assertEquals("the |", run(s, "the fox"));
        assertTrue(s.stopped());
        assertEquals("", s.push("more"));
    }

    @Test
    void aStopSequenceSplitAcrossPiecesIsFound() {
        StopScanner s = new StopScanner(List.of("😀!"));
        assertEquals("a||\uD83D\uDE00b||", run(s, "a\uD83D", "\uDE00", "b\uD83D\uDE00", "!tail"));
        assertTrue(s.stopped());
    }

    @Test
    void withoutStopSequencesEverythingPassesAtOnce() {
        StopScanner s = new StopScanner(List.of());
        assertEquals("a|b|", run(s, "a", "b"));
    }
}
