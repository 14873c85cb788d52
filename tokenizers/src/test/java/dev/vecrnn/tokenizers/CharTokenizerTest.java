package dev.vecrnn.tokenizers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CharTokenizerTest {

    @Test
    void onePiecePerCodePointWithSurrogatePairsWholeAndLoneSurrogatesKept() {
        String pizza = "\uD83C\uDF55";
        List<String> pieces = new CharTokenizer().split("a" + pizza + "中\uD800b");
        assertEquals(List.of("a", pizza, "中", "\uD800", "b"), pieces);
    }

    @Test
    void everyOccurrenceOfACharacterIsTheSameString() {
        List<String> pieces = new CharTokenizer().split("abcab中中");
        assertSame(pieces.get(0), pieces.get(3));
        assertSame(pieces.get(1), pieces.get(4));
        assertSame(pieces.get(5), pieces.get(6));
    }
}
