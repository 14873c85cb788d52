package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

/** {@code byte}: the 256 byte values of the UTF-8 encoding, as char-rnn reads its input. */
public final class ByteTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return "byte";
    }

    @Override
    public String description() {
        return "one token per byte of the UTF-8 encoding (char-rnn's behaviour); output decoded leniently";
    }

    @Override
    public Tokenizer create(Options options) {
        return new ByteTokenizer();
    }
}
