package dev.vecrnn.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vecrnn vocab}: the counts, the coverage, the most frequent pieces, and a token stream that reads back to the text. */
class VocabCommandTest {

    @Test
    void countsCoverageAndTheTokenStream(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("t.txt");
        String content = "a\tb\\a\naab\u0001 a\n";
        Files.writeString(text, content);
        Path out = dir.resolve("tokens.txt");
        Cli r = Cli.run("vocab", "--data", text.toString(), "--top", "2", "--tokens-out", out.toString());
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains(": 13 tokens, 7 distinct pieces"), r.out);
        assertTrue(r.out.contains("vocabulary: 7 tokens"), r.out);
        assertTrue(r.out.contains("         5  a\n"), "the most frequent piece first: " + r.out);
        assertTrue(r.out.contains("         2  \\n\n"), "escaped: " + r.out);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(13, lines.size(), "one token per line");
        StringBuilder back = new StringBuilder();
        for (String l : lines) {
            back.append(l.replace("\\t", "\t").replace("\\n", "\n").replace("\\u0001", "\u0001").replace("\\\\", "\\"));
        }
        assertEquals(content, back.toString(), "the stream reads back to the text");
    }

    @Test
    void minCountMakesAnUnknownToken(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "aaaabbbcd");
        Cli r = Cli.run("vocab", "--data", text.toString(), "--min-count", "2");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("vocabulary: 3 tokens (with <unk>"), r.out);
        Cli bad = Cli.run("vocab", "--data", text.toString(), "--min-count", "0");
        assertEquals(2, bad.exit);
        assertEquals("vecrnn: --min-count must be at least 1, not 0", bad.err.strip());
    }
}
