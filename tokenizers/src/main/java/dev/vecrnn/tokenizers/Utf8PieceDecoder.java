package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of byte pieces (see {@link ByteTokenizer}) into text as soon as each character
 * is complete. The bytes of an unfinished UTF-8 sequence wait for the next piece; a sequence that
 * cannot be valid becomes U+FFFD, so sampled bytes never crash the output. A piece that is not a
 * byte (such as {@code <unk>}) ends any pending sequence and is shown as it is.
 */
final class Utf8PieceDecoder implements Tokenizer.PieceDecoder {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(16);
    private final CharBuffer chars = CharBuffer.allocate(32);

    @Override
    public String push(String piece) {
        if (piece.length() != 1 || piece.charAt(0) > 0xFF) {
            return finish() + piece;
        }
        pending.put((byte) piece.charAt(0));
        pending.flip();
        StringBuilder sb = new StringBuilder(2);
        drain(decoder.decode(pending, chars, false), sb);
        pending.compact();
        return sb.toString();
    }

    @Override
    public String finish() {
        pending.flip();
        StringBuilder sb = new StringBuilder(4);
        drain(decoder.decode(pending, chars, true), sb);
        drain(decoder.flush(chars), sb);
        pending.clear();
        decoder.reset();
        return sb.toString();
    }

    /** Copies the decoded chars out; the buffers are large enough that one result never overflows. */
    private void drain(CoderResult r, StringBuilder sb) {
        if (r.isOverflow()) {
            throw new IllegalStateException("UTF-8 decoder overflowed a buffer of " + chars.capacity());
        }
        chars.flip();
        sb.append(chars);
        chars.clear();
    }
}
