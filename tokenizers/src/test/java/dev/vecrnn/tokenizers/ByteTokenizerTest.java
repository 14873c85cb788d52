package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteTokenizerTest {
    private final Tokenizer tok = new ByteTokenizer();

    @Test
    void piecesAreTheUtf8BytesAsCharsBelow256() {
        List<String> p = tok.split("a中😀");
        byte[] utf8 = "a中😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(utf8.length, p.size());
        for (int i = 0; i < utf8.length; i++) {
            assertEquals(1, p.get(i).length());
            assertEquals(utf8[i] & 0xFF, p.get(i).charAt(0));
        }
    }

    @Test
    void streamingWaitsForWholeCharacters() {
        Tokenizer.PieceDecoder d = tok.decoder();
        List<String> shown = new ArrayList<>();
        for (String p : tok.split("a中😀b")) {
            shown.add(d.push(p));
        }
        assertEquals(List.of("a", "", "", "中", "", "", "", "😀", "b"), shown);
        assertEquals("", d.finish());
    }

    @Test
    void brokenSequencesBecomeReplacementCharactersAndDecodingGoesOn() {
        Tokenizer.PieceDecoder d = tok.decoder();
        StringBuilder sb = new StringBuilder();
        for (int b : new int[] {0xE4, 0xB8, 'x', 0x80, 0xFF, 'y', 0xF0, 0x9F}) {
            sb.append(d.push(ByteTokenizer.piece(b)));
        }
        sb.append(d.finish());
        String s = sb.toString();
        assertTrue(s.startsWith("\uFFFDx"), s);
        assertTrue(s.contains("y"), s);
        assertTrue(s.endsWith("\uFFFD"), "an unfinished sequence at the end is shown, not lost: " + s);
    }

    @Test
    void streamedRandomBytesDecodeAsTheJdkDecodesTheWholeArray() {
        Random rnd = new Random(7);
        for (int n = 0; n < 500; n++) {
            byte[] bytes = new byte[rnd.nextInt(30)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly lead and continuation bytes, so that sequences are often almost right
                bytes[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0x80 + rnd.nextInt(0x78));
            }
            Tokenizer.PieceDecoder d = tok.decoder();
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                sb.append(d.push(ByteTokenizer.piece(b)));
            }
            sb.append(d.finish());
            assertEquals(new String(bytes, StandardCharsets.UTF_8), sb.toString());
        }
    }

    @Test
    void aPieceThatIsNotAByteEndsThePendingSequence() {
        Tokenizer.PieceDecoder d = tok.decoder();
        assertEquals("", d.push(ByteTokenizer.piece(0xE4)));
        assertEquals("\uFFFD<unk>", d.push("<unk>"));
        assertEquals("a", d.push("a"));
        assertEquals("x\uFFFDy", tok.join(List.of("x", ByteTokenizer.piece(0xC3), "y")));
    }
}
