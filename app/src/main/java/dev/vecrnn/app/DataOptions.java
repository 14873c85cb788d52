package dev.vecrnn.app;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;
import dev.vecrnn.internal.text.Vocabulary;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the training text comes from and how it becomes token ids. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE", description = "Text to train on (default: the built-in corpus).")
    Path data;

    @Option(names = "--encoding", paramLabel = "NAME", defaultValue = "UTF-8",
            description = "Charset of --data: UTF-8, GBK, GB18030, Big5, UTF-16 ... (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--tokenizer", paramLabel = "NAME", defaultValue = "char",
            description = "Tokenizer plugin (default: ${DEFAULT-VALUE}).")
    String tokenizer;

    @Option(names = "--tokenizer-opt", paramLabel = "KEY=VALUE", description = "Option for the tokenizer (repeatable).")
    List<String> tokenizerOpts = new ArrayList<>();

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "1",
            description = "Pieces seen fewer times become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "0",
            description = "Keep at most N pieces, the rest become <unk>; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    /** The tokenizer asked for, with its options checked. */
    TokenizerChoice tokenizer(Plugins plugins) {
        TokenizerProvider tp = plugins.tokenizers.get(tokenizer);
        Options opts = Options.parse("tokenizer", tp.name(), tokenizerOpts);
        Tokenizer tok = tp.create(opts);
        opts.requireAllUsed();
        return new TokenizerChoice(tp, opts, tok);
    }

    Corpus corpus() {
        return data != null ? Corpus.of(data, encoding) : Corpus.builtIn();
    }

    /** Reads, splits and encodes the text. */
    TrainingData load(Corpus corpus, TokenizerChoice tok) {
        String text = corpus.text();
        List<String> pieces = tok.tokenizer().split(text);
        Vocabulary vocab = Vocabulary.build(pieces, minCount, maxVocab);
        return new TrainingData(corpus, vocab, vocab.encode(pieces, corpus.name()));
    }

    /** A created tokenizer, its provider and the options it was given. */
    record TokenizerChoice(TokenizerProvider provider, Options options, Tokenizer tokenizer) {
    }

    /** The text as ids, and the vocabulary that maps them. */
    record TrainingData(Corpus corpus, Vocabulary vocabulary, int[] ids) {
    }
}
