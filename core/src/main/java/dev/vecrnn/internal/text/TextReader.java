package dev.vecrnn.internal.text;

import dev.vecrnn.api.VecrnnException;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a whole text file through a strict decoder: a byte sequence that is not valid in the
 * charset stops with its offset and, when another common charset decodes the file cleanly, the
 * {@code --encoding} to use. A byte-order mark at the start is dropped; line ends are kept as
 * they are.
 */
public final class TextReader {

    /** Charsets worth suggesting when a file is not valid in the one asked for, most likely first. */
    private static final List<String> CANDIDATES =
            List.of("UTF-8", "GBK", "GB18030", "Big5", "Shift_JIS", "EUC-KR", "UTF-16LE", "UTF-16BE");

    private TextReader() {
    }

    /** The charset called {@code name}, or a message naming a few common ones. */
    public static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new VecrnnException("unknown encoding '" + name + "'; use a Java charset name such as UTF-8, GBK, GB18030, Big5, UTF-16 or ISO-8859-1");
        }
    }

    /** Reads {@code file} as text in {@code cs}. */
    public static String read(Path file, Charset cs) {
        return decode(readBytes(file), cs, file.toString());
    }

    /** The bytes of {@code file}, with one-line errors for the usual mistakes. */
    public static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new VecrnnException(file + " is a folder; give a text file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VecrnnException("no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new VecrnnException("cannot read " + file + ": permission denied");
        } catch (OutOfMemoryError e) {
            throw new VecrnnException(file + " is too large to read into memory; give java more heap with -Xmx");
        } catch (IOException e) {
            throw new VecrnnException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Decodes {@code bytes} strictly; {@code what} names the source in messages. */
    public static String decode(byte[] bytes, Charset cs, String what) {
        if (asciiCompatible(cs)) {
            int nul = indexOfNul(bytes);
            if (nul >= 0) {
                String hint = suggest(bytes, cs);
                throw hint != null
                        ? VecrnnException.about(what + " is not " + cs.name() + " text (it has a NUL byte at offset " + nul
                        + "); it decodes cleanly as " + hint + ", so try {encoding} " + hint, "encoding")
                        : new VecrnnException(what + " looks like a binary file, not text: it has a NUL byte at offset " + nul);
            }
        }
        String text;
        try {
            text = strictDecode(bytes, cs);
        } catch (Malformed m) {
            throw VecrnnException.about(what + " is not valid " + cs.name() + " text: " + describe(bytes, m.offset, cs) + "; "
                    + advice(bytes, cs), "encoding");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new VecrnnException(what + " contains a NUL character (character " + nul
                    + "); it looks like a binary file, not " + cs.name() + " text");
        }
        return text;
    }

    private static String strictDecode(byte[] bytes, Charset cs) throws Malformed {
        CharsetDecoder dec = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) (bytes.length * (double) dec.averageCharsPerByte()) + 16));
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isOverflow()) {
                out = grow(out);
            } else {
                throw new Malformed(in.position());
            }
        }
        while (dec.flush(out).isOverflow()) {
            out = grow(out);
        }
        out.flip();
        return out.toString();
    }

    private static CharBuffer grow(CharBuffer out) {
        long size = Math.min(Integer.MAX_VALUE - 16, 2L * out.capacity() + 16);
        if (size <= out.capacity()) {
            throw new VecrnnException("the text is too large to hold in memory");
        }
        CharBuffer bigger = CharBuffer.allocate((int) size);
        out.flip();
        return bigger.put(out);
    }

    /** "bad byte 0xB5 at offset 12 (line 1)" */
    private static String describe(byte[] bytes, int offset, Charset cs) {
        StringBuilder s = new StringBuilder();
        if (offset < bytes.length) {
            s.append("bad byte 0x").append(String.format("%02X", bytes[offset] & 0xFF)).append(" at offset ").append(offset);
        } else {
            s.append("it ends in the middle of a character (offset ").append(offset).append(')');
        }
        if (asciiCompatible(cs) && offset < bytes.length) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            s.append(" (line ").append(line).append(')');
        }
        return s.toString();
    }

    private static String advice(byte[] bytes, Charset tried) {
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            return "it starts with a UTF-16 byte-order mark, so try {encoding} UTF-16";
        }
        String hint = suggest(bytes, tried);
        return hint != null ? "it decodes cleanly as " + hint + ", so try {encoding} " + hint
                : "give the file's encoding with {encoding} (e.g. GBK, GB18030, Big5, UTF-16)";
    }

    /**
     * The candidate that turns the bytes into the most plausible text, or null. Legacy CJK
     * charsets often decode each other's bytes without error, so each is scored by the share of
     * its non-ASCII characters that fall in the ranges its own language uses (a Big5 file read as
     * GBK turns into kana and Greek letters, for instance); ties go to the earlier candidate.
     * UTF-16 is only considered for files with NUL bytes, which its ASCII characters always have.
     */
    private static String suggest(byte[] bytes, Charset tried) {
        boolean hasNul = indexOfNul(bytes) >= 0;
        String best = null;
        double bestScore = 0;
        for (String name : CANDIDATES) {
            Charset c;
            try {
                c = Charset.forName(name);
            } catch (RuntimeException e) {
                continue;
            }
            if (c.equals(tried) || (name.startsWith("UTF-16") && !hasNul)) {
                continue;
            }
            String text = decodeOrNull(bytes, c);
            if (text == null || !looksLikeText(text)) {
                continue;
            }
            double score = plausibility(text, name);
            if (score > bestScore) {
                best = c.name();
                bestScore = score;
            }
        }
        return best;
    }

    private static String decodeOrNull(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** No control characters that text does not have. */
    private static boolean looksLikeText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B && c != 0x1B)
                    || (c >= 0x7F && c <= 0x9F)) {
                return false;
            }
        }
        return true;
    }

    /** Share (0..1] of the non-ASCII characters that are usual for the charset's language. */
    private static double plausibility(String s, String charset) {
        if (charset.startsWith("UTF-")) {
            return 1; // a Unicode encoding that decodes cleanly is almost surely right
        }
        int other = 0;
        int usual = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            other++;
            boolean han = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F)
                    || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2000 && c <= 0x206F);
            boolean kana = c >= 0x3040 && c <= 0x30FF;
            boolean hangul = (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x3130 && c <= 0x318F);
            if (han || (kana && charset.equals("Shift_JIS")) || (hangul && charset.equals("EUC-KR"))
                    || Character.isSurrogate(c)) {
                usual++;
            }
        }
        return other == 0 ? 1 : Math.max(1e-9, usual / (double) other);
    }

    /** True when ASCII text has the same bytes in {@code cs} (UTF-8, GBK ..., not UTF-16). */
    private static boolean asciiCompatible(Charset cs) {
        return cs.canEncode() && Arrays.equals("A\n".getBytes(cs), new byte[] {'A', '\n'});
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Where strict decoding stopped. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        Malformed(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }
}
