package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Tokens;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.spi.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vecrnn vocab}: what the tokenizer makes of a text, before training on it. */
@Command(name = "vocab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what a tokenizer makes of a text: tokens, vocabulary, how much the most frequent pieces cover,",
                "the most frequent pieces; --tokens-out writes the token stream, one piece per line (escaped)."})
final class VocabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "Text to split (default: the built-in corpus).")
    Path data;

    @Mixin
    EncodingOption encoding = new EncodingOption();

    @Option(names = "--tokenizer", paramLabel = "NAME", defaultValue = "char", description = "Tokenizer plugin (default: ${DEFAULT-VALUE}).")
    String tokenizer;

    @Option(names = "--tokenizer-opt", paramLabel = "KEY=VALUE", description = "Option for the tokenizer (repeatable).")
    java.util.List<String> tokenizerOpts = new java.util.ArrayList<>();

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "1",
            description = "Pieces seen fewer times would become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "0",
            description = "Keep at most N pieces, the rest would become <unk>; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30", description = "Most frequent pieces to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--tokens-out", paramLabel = "FILE", description = "Write the token stream here, one piece per line (escaped: \\n, \\t, \\\\).")
    Path tokensOut;

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        TrainSettings.Builder b = TrainSettings.builder().tokenizer(tokenizer)
                .tokenizerOptions(Options.parse("tokenizer", tokenizer, tokenizerOpts).asGiven()).minCount(minCount).maxVocab(maxVocab);
        if (encoding.name != null) {
            b.encoding(encoding.name);
        }
        TrainingText text = data != null ? TrainingText.file(data) : TrainingText.builtIn();
        PrintWriter w = spec.commandLine().getOut();
        try (Plugins plugins = pluginOptions.load(spec.commandLine().getErr())) {
            Tokens t = Tokens.of(text, b.build(), plugins);
            w.printf(Locale.ROOT, "%s: %,d tokens, %,d distinct pieces%n", text.name(), t.pieces().size(), t.distinct());
            w.printf(Locale.ROOT, "vocabulary: %,d tokens%s%n", t.vocabularySize(),
                    t.hasUnknownToken() ? " (with <unk> for the pieces left out by --min-count / --max-vocab)" : "");
            for (int n : new int[] {100, 1_000, 10_000}) {
                if (n < t.distinct()) {
                    w.printf(Locale.ROOT, "the %,d most frequent pieces cover %.1f%% of the text%n", n, 100 * t.coverage(n));
                }
            }
            w.printf(Locale.ROOT, "most frequent:%n");
            for (Map.Entry<String, Integer> e : t.mostFrequent(top)) {
                w.printf(Locale.ROOT, "  %,10d  %s%n", e.getValue(), Tokens.escape(e.getKey()));
            }
            if (tokensOut != null) {
                t.write(tokensOut);
                w.printf(Locale.ROOT, "wrote %,d tokens to %s%n", t.pieces().size(), tokensOut);
            }
        }
        w.flush();
        return 0;
    }
}
