package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

/** {@code char}: the seed's character-level tokens, as Unicode code points. */
public final class CharTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return "char";
    }

    @Override
    public String description() {
        return "one token per Unicode code point (the seed's characters)";
    }

    @Override
    public Tokenizer create(Options options) {
        return new CharTokenizer();
    }
}
