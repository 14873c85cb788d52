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
