package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The vecrnn model file, format version 1. All integers big-endian, floats little-endian:
 * <pre>
 *   magic      8 bytes  89 'V' 'R' 'N' 'N' 0D 0A 1A
 *   version    u32      1
 *   bodyLength u64      bytes of the body that follows
 *   body:
 *     properties u32 n, then n x (string key, string value)
 *     vocabulary u32 n, then n x string
 *     arrays     u32 n, then n x (string name, u32 rows, u32 cols, rows*cols float32)
 *   checksum   u32      CRC32C of every byte before it
 *   string = u32 byte length + UTF-8 bytes
 * </pre>
 * Reading checks the magic, the version, the body length against the file length and the
 * checksum before anything large is allocated, and every declared size against what is left.
 * No Java serialization.
 */
public final class ModelFile {
    static final byte[] MAGIC = {(byte) 0x89, 'V', 'R', 'N', 'N', 0x0D, 0x0A, 0x1A};
    public static final int VERSION = 1;
    private static final int PREFIX = MAGIC.length + 4 + 8;
    private static final int MAX_STRING = 1 << 24;

    /** A named matrix. */
    public record Array(int rows, int cols, float[] data) {
        public Array {
            if ((long) rows * cols != data.length) {
                throw new IllegalArgumentException(rows + "x" + cols + " != " + data.length);
            }
        }
    }

    /** Everything in a model file. */
    public record Contents(Map<String, String> properties, List<String> vocabulary, Map<String, Array> arrays) {
    }

    private ModelFile() {
    }

    /** Writes {@code c} to {@code target} atomically. */
    public static void write(Path target, Contents c) {
        AtomicFile.write(target, out -> write(out, c));
    }

    static void write(OutputStream raw, Contents c) throws IOException {
        CRC32C crc = new CRC32C();
        long bodyLength = bodyLength(c);
        DataOutputStream out = new DataOutputStream(new CheckedOut(raw, crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(bodyLength);
        out.writeInt(c.properties().size());
        for (Map.Entry<String, String> e : c.properties().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.writeInt(c.vocabulary().size());
        for (String s : c.vocabulary()) {
            writeString(out, s);
        }
        out.writeInt(c.arrays().size());
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Array> e : c.arrays().entrySet()) {
            Array a = e.getValue();
            writeString(out, e.getKey());
            out.writeInt(a.rows());
            out.writeInt(a.cols());
            float[] d = a.data();
            for (int i = 0; i < d.length; ) {
                buf.clear();
                int n = Math.min(d.length - i, buf.capacity() / 4);
                buf.asFloatBuffer().put(d, i, n);
                out.write(buf.array(), 0, n * 4);
                i += n;
            }
        }
        out.flush();
        int sum = (int) crc.getValue();
        raw.write(new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});
        raw.flush();
    }

    private static long bodyLength(Contents c) {
        long n = 4;
        for (Map.Entry<String, String> e : c.properties().entrySet()) {
            n += 8 + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        n += 4;
        for (String s : c.vocabulary()) {
            n += 4 + utf8(s).length;
        }
        n += 4;
        for (Map.Entry<String, Array> e : c.arrays().entrySet()) {
            n += 4 + utf8(e.getKey()).length + 8 + 4L * e.getValue().data().length;
        }
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = utf8(s);
        out.writeInt(b.length);
        out.write(b);
    }

    /**
     * Whether {@code file} starts with a model file's magic bytes: what decides that a file may be
     * replaced by a run's output (a damaged model file is still ours; a text file is not).
     */
    public static boolean hasModelHeader(Path file) {
        byte[] head = new byte[MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            return n == head.length && Arrays.equals(head, MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** The format version in a model file's header (the file is not otherwise checked). */
    public static int formatVersion(Path file) {
        byte[] prefix = new byte[PREFIX];
        try (InputStream in = Files.newInputStream(file)) {
            readFully(in, prefix);
        } catch (IOException e) {
            throw new VecrnnException("cannot read model file " + file + ": " + e.getMessage());
        }
        return ByteBuffer.wrap(prefix, MAGIC.length, 4).getInt();
    }

    /** Reads and checks a model file; every problem is a one-line {@link VecrnnException}. */
    public static Contents read(Path file) {
        String what = "model file " + file;
        if (Files.isDirectory(file)) {
            throw new VecrnnException(file + " is a folder, not a model file");
        }
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new VecrnnException("no such model file: " + file);
        } catch (IOException e) {
            throw new VecrnnException("cannot read " + what + ": " + e.getMessage());
        }
        try {
            if (length < PREFIX + 4) {
                throw new VecrnnException(what + " is " + (length == 0 ? "empty" : "too short (" + length + " bytes)")
                        + "; it is not a vecrnn model");
            }
            byte[] prefix = new byte[PREFIX];
            try (InputStream in = Files.newInputStream(file)) {
                readFully(in, prefix);
            }
            if (!Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
                throw new VecrnnException(what + " is not a vecrnn model (wrong magic bytes)");
            }
            ByteBuffer p = ByteBuffer.wrap(prefix, MAGIC.length, 12);
            int version = p.getInt();
            if (version > VERSION) {
                throw new VecrnnException(what + " has format version " + version
                        + ", newer than this vecrnn reads (" + VERSION + "); use a newer vecrnn");
            }
            if (version < 1) {
                throw new VecrnnException(what + " has an invalid format version " + version);
            }
            long bodyLength = p.getLong();
            if (bodyLength != length - PREFIX - 4) {
                throw new VecrnnException(what + " is " + (bodyLength > length - PREFIX - 4 ? "truncated" : "longer than it says")
                        + ": the header announces " + (bodyLength + PREFIX + 4) + " bytes but the file has " + length);
            }
            verifyChecksum(file, length, what);
            return parse(file, length, what);
        } catch (IOException e) {
            throw new VecrnnException("cannot read " + what + ": " + e.getMessage());
        }
    }

    private static void verifyChecksum(Path file, long length, String what) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        byte[] stored = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            long left = length - 4;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new VecrnnException(what + " is truncated");
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            readFully(in, stored);
        }
        int expected = ByteBuffer.wrap(stored).getInt();
        if (expected != (int) crc.getValue()) {
            throw new VecrnnException(what + " is corrupted: its checksum does not match its content");
        }
    }

    private static Contents parse(Path file, long length, String what) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.skipNBytes(PREFIX);
            long[] left = {length - PREFIX - 4};
            int np = count(in, left, 8, what, "properties");
            Map<String, String> props = new LinkedHashMap<>();
            for (int i = 0; i < np; i++) {
                props.put(readString(in, left, what), readString(in, left, what));
            }
            int nv = count(in, left, 4, what, "vocabulary entries");
            List<String> vocab = new ArrayList<>(nv);
            for (int i = 0; i < nv; i++) {
                vocab.add(readString(in, left, what));
            }
            int na = count(in, left, 12, what, "arrays");
            Map<String, Array> arrays = new LinkedHashMap<>();
            byte[] buf = new byte[1 << 16];
            for (int i = 0; i < na; i++) {
                String name = readString(in, left, what);
                take(left, 8, what);
                int rows = in.readInt();
                int cols = in.readInt();
                long n = (long) rows * cols;
                if (rows < 0 || cols < 0 || n * 4 > left[0] || n > Integer.MAX_VALUE - 16) {
                    throw new VecrnnException(what + " is corrupted: array " + name + " claims " + rows + "x" + cols
                            + " floats, more than the file holds");
                }
                take(left, n * 4, what);
                float[] data = allocate((int) n, what);
                ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < n; ) {
                    int m = (int) Math.min(n - j, buf.length / 4);
                    in.readFully(buf, 0, m * 4);
                    bb.clear();
                    bb.asFloatBuffer().get(data, j, m);
                    j += m;
                }
                if (arrays.put(name, new Array(rows, cols, data)) != null) {
                    throw new VecrnnException(what + " is corrupted: array " + name + " appears twice");
                }
            }
            if (left[0] != 0) {
                throw new VecrnnException(what + " is corrupted: " + left[0] + " unexpected bytes after the arrays");
            }
            return new Contents(props, vocab, arrays);
        } catch (EOFException e) {
            throw new VecrnnException(what + " is truncated");
        }
    }

    /** A name read from the file, as a message can show it: quoted, and cut if long (it may be garbage). */
    static String shown(String name) {
        return "'" + cut(name) + "'";
    }

    /** A string read from the file, cut to a length a message can show. */
    static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static float[] allocate(int n, String what) {
        try {
            return new float[n];
        } catch (OutOfMemoryError e) {
            throw new VecrnnException(what + " needs more memory than the Java heap allows ("
                    + (4L * n >> 20) + " MB for one array); give java more heap with -Xmx");
        }
    }

    private static int count(DataInputStream in, long[] left, int minEach, String what, String of) throws IOException {
        take(left, 4, what);
        int n = in.readInt();
        if (n < 0 || (long) n * minEach > left[0]) {
            throw new VecrnnException(what + " is corrupted: it claims " + n + " " + of + ", more than the file holds");
        }
        return n;
    }

    private static String readString(DataInputStream in, long[] left, String what) throws IOException {
        take(left, 4, what);
        int len = in.readInt();
        if (len < 0 || len > MAX_STRING || len > left[0]) {
            throw new VecrnnException(what + " is corrupted: a string of " + len + " bytes does not fit");
        }
        take(left, len, what);
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void take(long[] left, long n, String what) {
        if (n > left[0]) {
            throw new VecrnnException(what + " is corrupted: a size field points past the end of the file");
        }
        left[0] -= n;
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException();
            }
            off += n;
        }
    }

    /** Passes bytes through while updating a checksum. */
    private static final class CheckedOut extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc;

        CheckedOut(OutputStream out, CRC32C crc) {
            this.out = out;
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            crc.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
