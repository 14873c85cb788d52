package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

import java.nio.file.Path;

/** A model file read and checked, with the tokenizer it was trained with. */
record LoadedModel(Path file, Checkpoint checkpoint, Tokenizer tokenizer) {

    static LoadedModel read(Path file, Plugins plugins) {
        Checkpoint cp = Checkpoint.read(file);
        return new LoadedModel(file, cp, tokenizer(plugins, cp).tokenizer());
    }

    /** The model's tokenizer, created with the options it was trained with. */
    static Tok tokenizer(Plugins plugins, Checkpoint cp) {
        TokenizerProvider tp = plugins.tokenizers.get(cp.tokenizer);
        Options opts = new Options("tokenizer", tp.name(), cp.tokenizerOptions);
        Tokenizer tok = tp.create(opts);
        opts.requireAllUsed();
        return new Tok(tp, tok);
    }

    record Tok(TokenizerProvider provider, Tokenizer tokenizer) {
    }
}
