package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One piece per byte of the text's UTF-8 encoding (char-rnn's behaviour). A piece is a one-char
 * string whose char value is the byte (0..255), so that the vocabulary and the model file can
 * store it like any other piece. Pieces are turned back into text by {@link Utf8PieceDecoder},
 * which decodes leniently: a sampled byte sequence that is not valid UTF-8 shows up as U+FFFD.
 */
public final class ByteTokenizer implements Tokenizer {
    private static final String[] PIECES = new String[256];

    static {
        for (int b = 0; b < 256; b++) {
            PIECES[b] = String.valueOf((char) b);
        }
    }

    /** The piece for byte {@code b} (0..255). */
    public static String piece(int b) {
        return PIECES[b & 0xFF];
    }

    @Override
    public List<String> split(String text) {
        ByteBuffer bytes = utf8(text);
        List<String> out = new ArrayList<>(bytes.remaining());
        while (bytes.hasRemaining()) {
            out.add(PIECES[bytes.get() & 0xFF]);
        }
        return out;
    }

    @Override
    public PieceDecoder decoder() {
        return new Utf8PieceDecoder();
    }

    /** UTF-8 bytes of {@code text}; an unpaired surrogate (not valid Unicode) becomes U+FFFD. */
    private static ByteBuffer utf8(String text) {
        CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        try {
            return enc.encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 encoder with REPLACE reported an error", e);
        }
    }
}
