package dev.vecrnn.app;

import dev.vecrnn.api.ModelInfo;
import dev.vecrnn.api.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code vecrnn info}: what a model file holds, without training or sampling. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model file's configuration, size, training progress and last losses.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelFileOption model = new ModelFileOption();

    @Override
    public Integer call() {
        ModelInfo m = ModelInfo.read(model.file);
        TrainSettings s = m.settings();
        Map<String, String> data = m.data();
        PrintWriter w = spec.commandLine().getOut();
        line(w, "file", String.format(Locale.ROOT, "%s (%s, format version %d)", m.file(), m.fileSize(), m.formatVersion()));
        line(w, "model", m.summary());
        line(w, "tokenizer", m.tokenizer() + options(m.tokenizerOptions()) + (m.hasUnknownToken() ? " (vocabulary has <unk>)" : ""));
        line(w, "optimizer", m.optimizer() + options(m.optimizerOptions()) + ", " + m.optimizerSteps() + " steps"
                + (s.learningRate() != null ? ", lr " + s.learningRate() : "") + ", clipping " + TrainConsole.clipping(s));
        line(w, "training", String.format(Locale.ROOT, "%,d iterations done (run of %d), chunks of %d steps x %d stream(s), seed %d",
                m.iterations(), s.iterations(), s.seqLength(), s.batchSize(), s.seed()));
        if (data.containsKey("data.name")) {
            line(w, "data", data.get("data.name") + " (" + data.getOrDefault("data.encoding", "?") + ", "
                    + data.getOrDefault("data.tokens", "?") + " tokens, " + data.getOrDefault("data.valTokens", "0")
                    + " held out for validation; SHA-256 " + data.getOrDefault("data.sha256", "?") + ")");
        }
        line(w, "loss", String.format(Locale.ROOT, "smooth %f per chunk, %.4f nats/token", m.smoothLoss(), m.smoothLossPerToken()));
        if (m.validationIteration() >= 0) {
            double v = m.validationLoss();
            line(w, "validation", String.format(Locale.ROOT, "%.4f nats/token, perplexity %.2f, %.3f bits/token after %d iterations; "
                    + "best %.4f", v, Math.exp(v), v / Math.log(2), m.validationIteration(), m.bestValidationLoss()));
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
        return o.isEmpty() ? "" : " " + new TreeMap<>(o);
    }
}
