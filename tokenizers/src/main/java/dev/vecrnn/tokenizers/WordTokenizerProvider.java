package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

/** {@code word}: words, runs of whitespace and single punctuation marks as separate pieces. */
public final class WordTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return "word";
    }

    @Override
    public String description() {
        return "words, runs of whitespace and each punctuation mark as pieces; CJK one character each";
    }

    @Override
    public Tokenizer create(Options options) {
        return new WordTokenizer();
    }
}
