package dev.vecrnn.text;

import dev.vecrnn.util.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a whole text file through a strict decoder: a byte sequence that is not valid in the
 * charset stops with its offset and, when another common charset decodes the file cleanly, the
 * {@code --encoding} to use. A UTF-8 byte-order mark is dropped; line ends are kept as they are.
 */
public final class TextReader {

    /** Charsets worth suggesting when a file is not valid in the one asked for, most likely first. */
    private static final List<String> CANDIDATES = List.of("UTF-8", "GBK", "GB18030", "Big5", "Shift_JIS", "EUC-KR");

    private TextReader() {
    }

    /** The charset called {@code name}, or a message naming a few common ones. */
    public static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UserException("unknown encoding '" + name + "'; use a Java charset name such as UTF-8, GBK, GB18030, Big5, UTF-16 or ISO-8859-1");
        }
    }

    /** Reads {@code file} as text in {@code cs}. */
    public static String read(Path file, Charset cs) {
        return decode(readBytes(file), cs, file.toString());
    }

    /** The bytes of {@code file}, with one-line errors for the usual mistakes. */
    public static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserException(file + " is a folder; give a text file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserException("no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new UserException("cannot read " + file + ": permission denied");
        } catch (OutOfMemoryError e) {
            throw new UserException(file + " is too large to read into memory; give java more heap with -Xmx");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Decodes {@code bytes} strictly; {@code what} names the source in messages. */
    public static String decode(byte[] bytes, Charset cs, String what) {
        int start = 0;
        if (cs.equals(StandardCharsets.UTF_8) && bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        long bad = firstMalformed(bytes, start, cs);
        if (bad >= 0) {
            String hint = suggest(bytes, cs);
            throw new UserException(what + " is not valid " + cs.name() + " text: bad byte 0x"
                    + String.format("%02X", bytes[(int) bad] & 0xFF) + " at offset " + bad + "; "
                    + (hint != null ? "it decodes cleanly as " + hint + ", so try --encoding " + hint
                    : "give the file's encoding with --encoding (e.g. GBK, GB18030, Big5, UTF-16)"));
        }
        String text = new String(bytes, start, bytes.length - start, cs);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new UserException(what + " contains a NUL character (character " + nul
                    + "); it looks like a binary file, not text");
        }
        return text;
    }

    /** Offset of the first byte that cannot be decoded, or -1 when the whole input is valid. */
    static long firstMalformed(byte[] bytes, int start, Charset cs) {
        CharsetDecoder dec = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            r = dec.flush(out);
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            if (r.isError()) {
                return in.position();
            }
            return in.hasRemaining() ? in.position() : -1;
        }
    }

    private static String suggest(byte[] bytes, Charset tried) {
        for (String name : CANDIDATES) {
            Charset c;
            try {
                c = Charset.forName(name);
            } catch (RuntimeException e) {
                continue;
            }
            if (!c.equals(tried) && decodesCleanly(bytes, c)) {
                return c.name();
            }
        }
        return null;
    }

    private static boolean decodesCleanly(byte[] bytes, Charset cs) {
        try {
            cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
