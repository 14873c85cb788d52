package dev.vecrnn.bench.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenIdsTest {

    @TempDir
    Path dir;

    @Test
    void charactersGetTheirCodePointRankAndTheFileHoldsVocabularyCountAndIds() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "abcab\n");
        TokenIds.Export e = TokenIds.export(text, "UTF-8", "char", List.of(), 1, 0);
        // sorted by code point: "\n" < "a" < "b" < "c"
        assertArrayEquals(new int[] {1, 2, 3, 1, 2, 0}, e.ids());
        assertEquals(4, e.vocabulary().size());

        Path out = dir.resolve("t.ids");
        TokenIds.write(out, e.vocabulary().size(), e.ids());
        assertEquals(8 + 4 * 6, Files.size(out));
        assertArrayEquals(new int[] {4, 1, 2, 3, 1, 2, 0}, TokenIds.read(out));
    }

    @Test
    void gbkTextInJiebaWordsDecodesBackToTheText() throws IOException {
        String s = "宝玉笑道：“林妹妹来了。”黛玉笑道：“宝玉来了。”\n";
        Path text = dir.resolve("hlm.txt");
        Files.write(text, s.getBytes(Charset.forName("GBK")));
        TokenIds.Export e = TokenIds.export(text, "GBK", "jieba", List.of(), 1, 0);
        List<String> pieces = new ArrayList<>();
        for (int id : e.ids()) {
            pieces.add(e.vocabulary().piece(id));
        }
        assertEquals(s, String.join("", pieces));
        assertTrue(pieces.contains("宝玉"), "jieba keeps the name whole: " + pieces);
        assertEquals(new HashSet<>(pieces).size(), e.vocabulary().size());
    }

    @Test
    void rareWordsBecomeUnknownAsTrainMakesThem() throws IOException {
        Path text = Files.writeString(dir.resolve("w.txt"), "the cat the dog the end");
        TokenIds.Export e = TokenIds.export(text, "UTF-8", "word", List.of(), 2, 0);
        int unk = e.vocabulary().unk();
        assertTrue(unk >= 0, "a vocabulary with <unk>");
        long unknown = Arrays.stream(e.ids()).filter(id -> id == unk).count();
        assertEquals(3, unknown, "cat, dog and end are seen once");
    }
}
