package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.io.ModelFile;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Memory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vecrnn info}: what a model file holds, without training or sampling. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model file's configuration, size, training progress and last losses.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file written by train.")
    Path model;

    @Override
    public Integer call() throws IOException {
        Checkpoint cp = Checkpoint.read(model);
        Map<String, String> info = cp.info;
        ModelSpec s = cp.model.spec();
        TrainState st = cp.state;
        PrintWriter w = spec.commandLine().getOut();
        line(w, "file", String.format(Locale.ROOT, "%s (%s, format version %d)", model, Memory.format(Files.size(model)),
                ModelFile.formatVersion(model)));
        line(w, "model", String.format(Locale.ROOT, "%s, %d layer(s) of %d units%s, vocabulary %,d, %,d parameters", s.cell(),
                s.layers(), s.hidden(), s.dropout() > 0 ? ", dropout " + s.dropout() : "", s.vocab(), cp.model.parameterCount()));
        line(w, "tokenizer", cp.tokenizer + options(cp.tokenizerOptions)
                + (cp.vocabulary.unk() >= 0 ? " (vocabulary has <unk>)" : ""));
        line(w, "optimizer", cp.optimizer + options(cp.optimizerOptions) + ", " + cp.optimizerState.steps() + " steps"
                + opt(info, "train.lr", ", lr ") + opt(info, "train.clip", ", clipping "));
        String seq = info.get("train.seqLength");
        line(w, "training", String.format(Locale.ROOT, "%,d iterations done%s%s%s", st.iteration,
                opt(info, "train.iterations", " (run of ") + (info.containsKey("train.iterations") ? ")" : ""),
                seq != null ? ", chunks of " + seq + " steps x " + info.getOrDefault("train.batchSize", "1") + " stream(s)" : "",
                opt(info, "train.seed", ", seed ")));
        if (info.containsKey("data.name")) {
            line(w, "data", info.get("data.name") + " (" + info.getOrDefault("data.encoding", "?") + ", "
                    + info.getOrDefault("data.tokens", "?") + " tokens, " + info.getOrDefault("data.valTokens", "0")
                    + " held out for validation; SHA-256 " + info.getOrDefault("data.sha256", "?") + ")");
        }
        if (seq != null) {
            line(w, "loss", String.format(Locale.ROOT, "smooth %f per chunk, %.4f nats/token", st.smoothLoss,
                    st.smoothLoss / Integer.parseInt(seq)));
        } else {
            line(w, "loss", String.format(Locale.ROOT, "smooth %f per chunk", st.smoothLoss));
        }
        if (st.lastValIteration >= 0) {
            line(w, "validation", String.format(Locale.ROOT, "%.4f nats/token, perplexity %.2f, %.3f bits/token after %d iterations; "
                            + "best %.4f", st.lastValLoss, Math.exp(st.lastValLoss), st.lastValLoss / Math.log(2),
                    st.lastValIteration, st.bestValLoss));
        } else {
            line(w, "validation", "none");
        }
        w.flush();
        return 0;
    }

    private static void line(PrintWriter w, String key, String value) {
        w.printf(Locale.ROOT, "%-11s %s%n", key + ":", value);
    }

    private static String options(Map<String, String> o) {
        return o.isEmpty() ? "" : " " + new java.util.TreeMap<>(o);
    }

    private static String opt(Map<String, String> info, String key, String prefix) {
        String v = info.get(key);
        return v == null ? "" : prefix + v;
    }
}
