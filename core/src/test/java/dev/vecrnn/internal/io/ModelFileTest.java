package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    @TempDir
    Path dir;

    static ModelFile.Contents sample() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("model.cell", "rnn");
        props.put("data.name", "紅樓夢 (GBK)");
        props.put("empty", "");
        Map<String, ModelFile.Array> arrays = new LinkedHashMap<>();
        float[] a = new float[3 * 5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i) * 1e-3f * i;
        }
        arrays.put("layer0.input", new ModelFile.Array(3, 5000, a));
        arrays.put("odd", new ModelFile.Array(1, 4, new float[] {-0f, Float.MIN_VALUE, Float.MAX_VALUE, -1.5f}));
        arrays.put("none", new ModelFile.Array(0, 7, new float[0]));
        return new ModelFile.Contents(props, List.of("a", "\n", "𝄞", "<unk>", ""), arrays);
    }

    private Path written() {
        Path f = dir.resolve("m.vrnn");
        ModelFile.write(f, sample());
        return f;
    }

    @Test
    void roundTripKeepsEveryBitAndTheOrder() {
        ModelFile.Contents c = ModelFile.read(written());
        ModelFile.Contents s = sample();
        assertEquals(s.properties(), c.properties());
        assertEquals(List.copyOf(s.properties().keySet()), List.copyOf(c.properties().keySet()));
        assertEquals(s.vocabulary(), c.vocabulary());
        assertEquals(List.copyOf(s.arrays().keySet()), List.copyOf(c.arrays().keySet()));
        for (String k : s.arrays().keySet()) {
            ModelFile.Array x = s.arrays().get(k);
            ModelFile.Array y = c.arrays().get(k);
            assertEquals(x.rows(), y.rows());
            assertEquals(x.cols(), y.cols());
            for (int i = 0; i < x.data().length; i++) {
                assertEquals(Float.floatToRawIntBits(x.data()[i]), Float.floatToRawIntBits(y.data()[i]), k + "[" + i + "]");
            }
        }
    }

    @Test
    void layoutIsMagicVersionLengthBodyChecksum() throws IOException {
        byte[] b = Files.readAllBytes(written());
        assertArrayEquals(ModelFile.MAGIC, Arrays.copyOf(b, 8));
        ByteBuffer bb = ByteBuffer.wrap(b);
        assertEquals(ModelFile.VERSION, bb.getInt(8));
        assertEquals(b.length - 8 - 4 - 8 - 4, bb.getLong(12));
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        assertEquals((int) crc.getValue(), bb.getInt(b.length - 4));
        assertEquals(3, bb.getInt(20), "property count first in the body");
    }

    private String failure(byte[] content) throws IOException {
        Path f = dir.resolve("bad.vrnn");
        Files.write(f, content);
        VecrnnException e = assertThrows(VecrnnException.class, () -> ModelFile.read(f));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains("bad.vrnn"), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void emptyFile() throws IOException {
        assertTrue(failure(new byte[0]).contains("is empty"));
    }

    @Test
    void tooShortFile() throws IOException {
        assertTrue(failure(new byte[] {(byte) 0x89, 'V', 'R'}).contains("too short"));
    }

    @Test
    void foreignFile() throws IOException {
        String m = failure("This is a plain text file, long enough to have a header and a checksum.".getBytes());
        assertTrue(m.contains("not a vecrnn model"), m);
        byte[] png = new byte[64];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(sig, 0, png, 0, sig.length);
        assertTrue(failure(png).contains("wrong magic bytes"));
    }

    @Test
    void newerFormatVersion() throws IOException {
        byte[] b = Files.readAllBytes(written());
        ByteBuffer.wrap(b).putInt(8, ModelFile.VERSION + 1);
        String m = failure(b);
        assertTrue(m.contains("format version " + (ModelFile.VERSION + 1)) && m.contains("newer vecrnn"), m);
    }

    @Test
    void invalidVersion() throws IOException {
        byte[] b = Files.readAllBytes(written());
        ByteBuffer.wrap(b).putInt(8, 0);
        assertTrue(failure(b).contains("invalid format version 0"));
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] b = Files.readAllBytes(written());
        for (int cut : new int[] {b.length - 1, b.length / 2, 40}) {
            String m = failure(Arrays.copyOf(b, cut));
            assertTrue(m.contains("truncated"), m);
        }
    }

    @Test
    void extraBytesAtTheEnd() throws IOException {
        byte[] b = Files.readAllBytes(written());
        assertTrue(failure(Arrays.copyOf(b, b.length + 10)).contains("longer than it says"));
    }

    @Test
    void anyFlippedByteFailsTheChecksum() throws IOException {
        byte[] b = Files.readAllBytes(written());
        for (int pos : new int[] {20, 100, b.length / 2, b.length - 5, b.length - 1}) {
            byte[] c = b.clone();
            c[pos] ^= 0x10;
            String m = failure(c);
            assertTrue(m.contains("checksum"), pos + ": " + m);
        }
    }

    /** A body with a correct checksum whose sizes lie: parsing must catch them without allocating them. */
    @Test
    void lyingSizesBehindAValidChecksum() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer bb = ByteBuffer.allocate(64);
        bb.putInt(0).putInt(0).putInt(1); // no properties, no vocabulary, one array
        bb.putInt(1).put((byte) 'x').putInt(1 << 20).putInt(1 << 10); // "x": 2^30 floats
        body.write(bb.array(), 0, bb.position());
        String m = failure(withHeader(body.toByteArray()));
        assertTrue(m.contains("more than the file holds"), m);

        ByteBuffer many = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE);
        m = failure(withHeader(many.array()));
        assertTrue(m.contains("claims " + Integer.MAX_VALUE + " properties"), m);

        ByteBuffer str = ByteBuffer.allocate(12).putInt(1).putInt(1 << 30).putInt(0);
        m = failure(withHeader(str.array()));
        assertTrue(m.contains("does not fit"), m);
    }

    private static byte[] withHeader(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 + body.length + 4);
        b.put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putLong(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Test
    void folderAndMissingFile() {
        VecrnnException e = assertThrows(VecrnnException.class, () -> ModelFile.read(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        e = assertThrows(VecrnnException.class, () -> ModelFile.read(dir.resolve("nope.vrnn")));
        assertTrue(e.getMessage().contains("no such model file"), e.getMessage());
    }
}
