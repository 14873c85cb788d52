package dev.vecrnn.internal.text;

import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextReaderTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final String CHINESE = "第一回 甄士隐梦幻识通灵\n贾雨村风尘怀闺秀\n";

    private static VecrnnException fails(byte[] bytes, Charset cs) {
        VecrnnException e = assertThrows(VecrnnException.class, () -> TextReader.decode(bytes, cs, "f.txt"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void gbkReadAsUtf8NamesTheOffsetAndTheFlag() {
        byte[] gbk = ("ab\n" + CHINESE).getBytes(GBK);
        String m = fails(gbk, StandardCharsets.UTF_8).getMessage();
        assertTrue(m.startsWith("f.txt is not valid UTF-8 text: bad byte 0x"
                + String.format("%02X", gbk[3] & 0xFF) + " at offset 3 (line 2); "), m);
        assertTrue(m.endsWith("so try encoding GBK"), m);
    }

    @Test
    void utf8ReadAsGbkSuggestsUtf8() {
        String m = fails("中文文本：你好".getBytes(StandardCharsets.UTF_8), GBK).getMessage();
        assertTrue(m.contains("try encoding UTF-8"), m);
    }

    @Test
    void gb18030OnlyTextSuggestsGb18030() {
        // U+20000 is beyond GBK; GB18030 has it as a four-byte sequence
        byte[] b = ("甲\uD840\uDC00乙").getBytes(Charset.forName("GB18030"));
        String m = fails(b, StandardCharsets.UTF_8).getMessage();
        assertTrue(m.contains("try encoding GB18030"), m);
    }

    @Test
    void big5IsToldApartFromGbk() {
        String traditional = "第一回 甄士隱夢幻識通靈 賈雨村風塵懷閨秀\n此開卷第一回也。作者自云：曾歷過一番夢幻之後，故將真事隱去。\n";
        String m = fails(traditional.getBytes(Charset.forName("Big5")), StandardCharsets.UTF_8).getMessage();
        assertTrue(m.endsWith("so try encoding Big5"), m);
    }

    @Test
    void utf16WithByteOrderMarkIsRecognised() {
        byte[] b = "hello 世界".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[b.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(b, 0, withBom, 2, b.length);
        String m = fails(withBom, StandardCharsets.UTF_8).getMessage();
        assertTrue(m.contains("encoding UTF-16"), m);
        assertEquals("hello 世界", TextReader.decode(withBom, StandardCharsets.UTF_16, "f.txt"));
    }

    @Test
    void utf16WithoutByteOrderMarkIsRecognisedByItsNulBytes() {
        String m = fails("plain text\n第二行\n".getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_8).getMessage();
        assertTrue(m.startsWith("f.txt is not UTF-8 text (it has a NUL byte at offset 1)"), m);
        assertTrue(m.endsWith("so try encoding UTF-16LE"), m);
    }

    @Test
    void binaryIsCalledBinary() {
        byte[] b = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 1, 2, 3};
        String m = fails(b, StandardCharsets.UTF_8).getMessage();
        assertEquals("f.txt looks like a binary file, not text: it has a NUL byte at offset 8", m);
    }

    @Test
    void binaryWithoutNulIsNotSuggestedAnEncoding() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i == 0 ? 1 : i);
        }
        String m = fails(b, StandardCharsets.UTF_8).getMessage();
        assertTrue(m.endsWith("give the file's encoding with encoding (e.g. GBK, GB18030, Big5, UTF-16)"), m);
    }

    @Test
    void truncatedLastCharacter() {
        byte[] full = "ab中".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);
        String m = fails(cut, StandardCharsets.UTF_8).getMessage();
        assertTrue(m.contains("offset 2"), m);
    }

    @Test
    void byteOrderMarkDroppedAndLineEndsKept() {
        byte[] body = "a\r\nb\rc\n\n中".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[body.length + 3];
        b[0] = (byte) 0xEF;
        b[1] = (byte) 0xBB;
        b[2] = (byte) 0xBF;
        System.arraycopy(body, 0, b, 3, body.length);
        assertEquals("a\r\nb\rc\n\n中", TextReader.decode(b, StandardCharsets.UTF_8, "f.txt"));
        assertEquals("", TextReader.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, StandardCharsets.UTF_8, "f"));
    }

    @Test
    void gbkFileReadAsGbk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hlm.txt");
        Files.write(f, CHINESE.getBytes(GBK));
        assertEquals(CHINESE, TextReader.read(f, TextReader.charset("gbk")));
    }

    @Test
    void unknownCharsetAndMissingFiles(@TempDir Path dir) {
        VecrnnException e = assertThrows(VecrnnException.class, () -> TextReader.charset("UTF-9"));
        assertTrue(e.getMessage().startsWith("unknown encoding 'UTF-9'; use a Java charset name such as UTF-8, GBK"), e.getMessage());
        assertThrows(VecrnnException.class, () -> TextReader.charset("bad name!"));
        assertEquals("no such file: " + dir.resolve("nope.txt"),
                assertThrows(VecrnnException.class, () -> TextReader.readBytes(dir.resolve("nope.txt"))).getMessage());
        assertEquals(dir + " is a folder; give a text file",
                assertThrows(VecrnnException.class, () -> TextReader.readBytes(dir)).getMessage());
    }
}
