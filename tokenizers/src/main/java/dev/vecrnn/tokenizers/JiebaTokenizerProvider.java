package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

/** {@code jieba}: Chinese words, as the seed's {@code jieba.cut(text, cut_all=False)}. */
public final class JiebaTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return "jieba";
    }

    @Override
    public String description() {
        return "Chinese words as Python jieba.cut(text, cut_all=False); Latin words and numbers whole (options: hmm=true)";
    }

    @Override
    public Tokenizer create(Options options) {
        boolean hmm = options.getBoolean("hmm", true);
        return new JiebaTokenizer(hmm);
    }
}
