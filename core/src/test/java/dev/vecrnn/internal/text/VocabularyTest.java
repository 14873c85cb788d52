package dev.vecrnn.internal.text;

import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyTest {

    @Test
    void sortedByCodePointLikePython() {
        // U+1F600 (a surrogate pair) sorts after U+FF0C by code point, before it by UTF-16 unit
        Vocabulary v = Vocabulary.build(List.of("，", "\uD83D\uDE00", "b", "a", "b", "中"), 1, 0);
        assertEquals(List.of("a", "b", "中", "，", "\uD83D\uDE00"), v.pieces());
        assertEquals(-1, v.unk());
    }

    @Test
    void minCountAndMaxVocabMapTheRestToUnk() {
        List<String> data = List.of("a", "a", "a", "b", "b", "c", "d");
        Vocabulary min = Vocabulary.build(data, 2, 0);
        assertEquals(List.of("a", "b", Vocabulary.UNK), min.pieces());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2}, min.encode(data, "text"));

        Vocabulary max = Vocabulary.build(data, 1, 3);
        assertEquals(List.of("a", "b", Vocabulary.UNK), max.pieces(), "two most frequent and <unk>: 3 ids");
        Vocabulary ties = Vocabulary.build(List.of("z", "y", "x"), 1, 3);
        assertEquals(List.of("x", "y", "z"), ties.pieces(), "no piece dropped: no <unk>");
        Vocabulary tieCut = Vocabulary.build(List.of("z", "y", "x"), 1, 2);
        assertEquals(List.of("x", Vocabulary.UNK), tieCut.pieces(), "equal counts keep the first by code point");
    }

    @Test
    void byFrequencyKeepsTheSamePiecesMostFrequentFirst() {
        List<String> data = List.of("c", "a", "b", "b", "c", "c", "d", "\uD83D\uDE00", "\uD83D\uDE00", "，", "，");
        Vocabulary v = Vocabulary.buildByFrequency(data, 1, 0);
        // c: 3; then b, U+FF0C and U+1F600 with 2 each, by code point; then a and d with 1
        assertEquals(List.of("c", "b", "，", "\uD83D\uDE00", "a", "d"), v.pieces());
        assertEquals(-1, v.unk());
        assertEquals(java.util.Set.copyOf(Vocabulary.build(data, 1, 0).pieces()), java.util.Set.copyOf(v.pieces()));
    }

    @Test
    void byFrequencyPutsUnkWhereTheCountOfWhatItReplacesPutsIt() {
        // dropped by min-count 3: b, c, d, e (1 each) and a literal <unk> (1): <unk> occurs 5 times, more than x (4)
        List<String> data = List.of("x", "x", "x", "x", "y", "y", "y", "y", "y", "y", "b", "c", "d", "e", Vocabulary.UNK);
        Vocabulary v = Vocabulary.buildByFrequency(data, 3, 0);
        assertEquals(List.of("y", Vocabulary.UNK, "x"), v.pieces());
        assertEquals(1, v.unk());
        assertArrayEquals(new int[] {2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, v.encode(data, "text"));
        // max-vocab: the same pieces as build keeps
        Vocabulary max = Vocabulary.buildByFrequency(List.of("a", "a", "a", "b", "b", "c", "d"), 1, 3);
        assertEquals(List.of("a", Vocabulary.UNK, "b"), max.pieces(), "<unk> (c, d: 2) ties with b and '<' sorts before 'b'");
        Vocabulary rare = Vocabulary.buildByFrequency(List.of("a", "a", "a", "b", "b", "c"), 1, 3);
        assertEquals(List.of("a", "b", "c"), rare.pieces(), "nothing dropped, no <unk>");
    }

    @Test
    void unknownPiecesAreNamedWhenThereIsNoUnk() {
        Vocabulary v = Vocabulary.build(List.of("a", "b"), 1, 0);
        VecrnnException e = assertThrows(VecrnnException.class, () -> v.encode(List.of("a", "\n", "z", "z"), "the priming text"));
        assertEquals("the priming text has 2 piece(s) the model never saw: '\\n' 'z'; use text made of the model's vocabulary",
                e.getMessage());
    }

    @Test
    void badLimits() {
        assertThrows(VecrnnException.class, () -> Vocabulary.build(List.of("a"), 0, 0));
        assertThrows(VecrnnException.class, () -> Vocabulary.build(List.of("a"), 1, 1));
        assertThrows(VecrnnException.class, () -> Vocabulary.build(List.of("a"), 1, -1));
    }

    @Test
    void quoteEscapesControlsAndByteOrderMark() {
        assertEquals("'a\\r\\n\\t\\u0007\\uFEFF中'", Vocabulary.quote("a\r\n\t\u0007\uFEFF中"));
    }
}
