package dev.vecrnn.tokenizers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordTokenizerTest {
    private final WordTokenizer tok = new WordTokenizer();

    @Test
    void wordsWhitespaceRunsAndSinglePunctuation() {
        assertEquals(List.of("Don't", " ", "stop", ",", "  ", "o'er", " ", "3.14", " ", "1,000", "!", "!", "\r\n", "x"),
                tok.split("Don't stop,  o'er 3.14 1,000!!\r\nx"));
    }

    @Test
    void apostrophesAndPointsJoinOnlyBetweenTheRightKind() {
        assertEquals(List.of("'", "tis", " ", "dogs", "'", " ", "v", ".", "2", " ", "1", ".", " "),
                tok.split("'tis dogs' v.2 1. "));
        assertEquals(List.of("snake_case", "-", "x"), tok.split("snake_case-x"));
    }

    @Test
    void chineseIsOneCharacterEachWithPunctuationApart() {
        assertEquals(List.of("宝", "玉", "笑", "道", "：", "“", "好", "”", "\n\n    ", "ok"),
                tok.split("宝玉笑道：“好”\n\n    ok"));
    }

    @Test
    void marksAndEmojiSequencesStayWithTheirCharacter() {
        assertEquals(List.of("café", " ", "e\u0301t\u00E9"), tok.split("café e\u0301t\u00E9"));
        assertEquals(List.of("\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u2764\uFE0F"),
                tok.split("\uD83D\uDC4D\uD83C\uDFFD\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u2764\uFE0F"));
        assertEquals(List.of("\u0301"), tok.split("\u0301"), "a lone combining mark is a piece of its own");
    }

    @Test
    void shakespeareVocabularyIsWordSized() {
        List<String> p = tok.split(Corpora.read("tinyshakespeare.txt", "UTF-8"));
        long distinct = p.stream().distinct().count();
        assertEquals(true, distinct > 10_000 && distinct < 30_000, "distinct words: " + distinct);
    }
}
