package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.Evaluation;
import dev.vecrnn.internal.train.Evaluator;
import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file written by train.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "Text to measure the loss on.")
    Path data;

    @Option(names = "--encoding", paramLabel = "NAME",
            description = "Charset of --data (default: that of the model's training text).")
    String encoding;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for large matrix products (default: all cores).")
    Integer threads;

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new VecrnnException("--threads must be at least 1, not " + n);
        }
        LoadedModel m = LoadedModel.read(model, pluginOptions.load(spec.commandLine().getErr()));
        Checkpoint cp = m.checkpoint();
        Corpus corpus = Corpus.of(data, encoding != null ? encoding : cp.info.getOrDefault("data.encoding", "UTF-8"));
        List<String> pieces = m.tokenizer().split(corpus.text());
        Vocabulary v = cp.vocabulary;
        int unknown = 0;
        int[] ids = new int[pieces.size()];
        int k = 0;
        for (String p : pieces) {
            int id = v.id(p);
            if (id < 0) {
                unknown++;
                id = v.unk();
                if (id < 0) {
                    continue;
                }
            }
            ids[k++] = id;
        }
        ids = java.util.Arrays.copyOf(ids, k);
        if (ids.length < 2) {
            throw new VecrnnException(data + " has " + ids.length + " token(s) the model knows; it needs at least 2 to measure a loss");
        }
        Evaluation e = new Evaluator(cp.model, ParallelKernels.wrap(KernelsLoader.get(), n)).evaluate(ids);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %,d tokens, %,d predictions%n", data, pieces.size(), e.predictions());
        if (unknown > 0) {
            w.printf(Locale.ROOT, "%,d of them (%.2f%%) not in the model's vocabulary: %s%n", unknown, 100.0 * unknown / pieces.size(),
                    v.unk() >= 0 ? "read and scored as <unk>" : "left out (the model has no <unk>)");
        }
        w.printf(Locale.ROOT, "loss %.4f nats/token, perplexity %.2f, %.3f bits/token%n", e.lossPerToken(), e.perplexity(),
                e.bitsPerToken());
        w.flush();
        return 0;
    }
}
