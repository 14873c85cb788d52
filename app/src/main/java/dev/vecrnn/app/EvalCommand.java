package dev.vecrnn.app;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.Plugins;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecrnn eval}: a model's loss on any text, as training's validation measures it: one
 * stream from a zero state, every token after the first predicted once.
 *
 * <p>Pieces the vocabulary lacks become {@code <unk>} when the model has one, and count like any
 * other token (so the loss is that of predicting "some rare piece"). A model without
 * {@code <unk>} cannot predict or read them: they are left out of the sequence, and the
 * output says how many.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model's loss on a text: nats and bits per token, and perplexity.",
                "Pieces the model never saw count as <unk> if its vocabulary has one, and are left out otherwise."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelFileOption model = new ModelFileOption();

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "Text to measure the loss on.")
    Path data;

    @Mixin
    EncodingOption encoding = new EncodingOption();

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        int n = threads.count();
        try (Plugins plugins = pluginOptions.load(spec.commandLine().getErr())) {
            Model m = Model.load(model.file, plugins);
            Evaluation e = m.evaluate(data, encoding.name, n);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%s: %,d tokens, %,d predictions%n", data, e.tokens(), e.predictions());
            if (e.unknown() > 0) {
                w.printf(Locale.ROOT, "%,d of them (%.2f%%) not in the model's vocabulary: %s%n", e.unknown(),
                        100.0 * e.unknown() / e.tokens(),
                        m.hasUnknownToken() ? "read and scored as <unk>" : "left out (the model has no <unk>)");
            }
            w.printf(Locale.ROOT, "loss %.4f nats/token, perplexity %.2f, %.3f bits/token%n", e.lossPerToken(), e.perplexity(),
                    e.bitsPerToken());
            w.flush();
        }
        return 0;
    }
}
