package dev.vecrnn.bench.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own account of its streams' first tokens, step by step: the quantiles of
 * {@code vecrnn_first_token_stage_seconds} read from its /metrics.
 */
final class StageQuantiles {
    private static final Pattern LINE = Pattern.compile("^vecrnn_first_token_stage_seconds\\{([^}]*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private StageQuantiles() {
    }

    /** Stage → quantile ("0.5", "0.9", "0.99") → milliseconds, stages in the order /metrics lists them. */
    static Map<String, Map<String, Double>> read(URI metrics) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Map<String, Double>> byStage = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Matcher l = LABEL.matcher(m.group(1)); l.find(); ) {
                labels.put(l.group(1), l.group(2));
            }
            if (labels.containsKey("stage") && labels.containsKey("quantile")) {
                byStage.computeIfAbsent(labels.get("stage"), k -> new TreeMap<>())
                        .put(labels.get("quantile"), Double.parseDouble(m.group(2)) * 1000);
            }
        }
        return byStage;
    }
}
