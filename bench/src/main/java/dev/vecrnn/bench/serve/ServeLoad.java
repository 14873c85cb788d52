package dev.vecrnn.bench.serve;

import dev.vecrnn.api.Model;
import dev.vecrnn.server.CompletionServer;
import dev.vecrnn.server.ServedModels;
import dev.vecrnn.server.ServerLimits;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The serve load test: a server for one model in this process, on loopback only, and
 * {@code clients} streaming clients that each send completions one after another until
 * {@code requests} have been sent or {@code seconds} have passed. Before it, a warm-up of
 * {@code --warmup} completions at the same concurrency on a first server (so the JIT has compiled
 * the hot paths; that server's metrics are dropped with it). Reports completions/s, tokens/s, the
 * clients' time to first event and to the end (p50, p99), errors, the server's own first-token
 * times step by step, and the load average before and after.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.vecrnn.bench.serve.ServeLoad \
 *     MODEL_FILE [clients=64] [requests=2560] [max_tokens=100] [seconds=120] [--warmup N=1280]
 *     [--blocking-clients] [--json FILE]
 * </pre>
 *
 * {@code --json FILE} also appends one JSON line with every figure printed to FILE (bench/report.sh
 * collects them in serve.jsonl for the performance report); the printed text stays the same.
 *
 * The clients are {@link JettyClients} (asynchronous, one selector thread for them all, so that
 * they take little of the cores the server needs); {@code --blocking-clients} drives the server
 * with a thread per client on java.net.http instead (the generator first written), to compare.
 */
public final class ServeLoad {
    private static final List<String> STAGES = List.of("dispatch", "parse", "slot", "prompt", "queue", "draw", "wake", "write",
            "total");

    private ServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int warmup = 1280;
        boolean blocking = false;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--blocking-clients" -> blocking = true;
                case "--json" -> json = Path.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        if (positional.isEmpty()) {
            System.err.println("usage: ServeLoad MODEL_FILE [clients=64] [requests=2560] [max_tokens=100] [seconds=120] "
                    + "[--warmup N=1280] [--blocking-clients] [--json FILE]");
            System.exit(2);
        }
        if (json != null) { // before the run, not after two minutes of it
            try {
                Files.writeString(json, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("ServeLoad: cannot write --json " + json + " (" + e.getMessage() + "); give a writable file");
                System.exit(2);
            }
        }
        Path file = Path.of(positional.get(0));
        int clients = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 64;
        int requests = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 2560;
        int maxTokens = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 100;
        int seconds = positional.size() > 4 ? Integer.parseInt(positional.get(4)) : 120;

        ServedModels served = ServedModels.load(List.of(file));
        String id = served.all().keySet().iterator().next();
        Model model = served.all().get(id);
        String body = "{\"model\":\"" + id + "\",\"prompt\":\"" + promptFor(model) + "\",\"max_tokens\":" + maxTokens
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        String clientKind;
        LoadResults r;
        String before;
        String after;
        double wall;
        Map<String, Map<String, Double>> stages;
        int port;
        WakeupProbe probe;
        double cpu;
        int warmupErrors;
        try (CompletionServer warm = CompletionServer.start(served, ServerLimits.defaults(), "127.0.0.1", 0, System.err)) {
            LoadResults w = drive(blocking, clients, warm.uri(), body, warmup, seconds);
            warmupErrors = w.errors();
            if (w.errors() > 0) {
                System.out.println("warm-up errors: " + w.errors() + " (first: " + w.firstError() + ")");
            }
        }
        try (CompletionServer server = CompletionServer.start(served, ServerLimits.defaults(), "127.0.0.1", 0, System.err)) {
            port = server.port();
            clientKind = blocking ? new BlockingClients(clients).describe() : new JettyClients(clients).describe();
            before = loadAverage();
            try (WakeupProbe p = new WakeupProbe()) {
                probe = p;
                long cpu0 = processCpuNanos();
                long start = System.nanoTime();
                r = drive(blocking, clients, server.uri(), body, requests, seconds);
                wall = (System.nanoTime() - start) / 1e9;
                cpu = (processCpuNanos() - cpu0) / 1e9;
            }
            after = loadAverage();
            stages = StageQuantiles.read(server.uri().resolve("/metrics"));
        }
        System.out.printf(Locale.ROOT, "serve load: server in this process on 127.0.0.1:%d, model %s (%s), JDK %s, %d cores%n", port, id,
                model.info().summary(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "clients: %s; prompt %s, max_tokens %d, streamed with usage; warm-up %d completions on a "
                + "first server, discarded%n", clientKind, promptFor(model), maxTokens, warmup);
        System.out.printf(Locale.ROOT, "load average before: %s   after: %s%n", before, after);
        System.out.printf(Locale.ROOT, "%d completions in %.1f s: completions/s %.1f  tokens/s %.0f  errors %d%s%n", r.completions(),
                wall, r.completions() / wall, r.tokens() / wall, r.errors(), r.errors() > 0 ? " (first: " + r.firstError() + ")" : "");
        System.out.printf(Locale.ROOT, "time to first token  p50 %.1f ms  p99 %.1f ms   (client: request sent to first event read)%n",
                r.firstEventMs(50), r.firstEventMs(99));
        System.out.printf(Locale.ROOT, "whole completion     p50 %.1f ms  p99 %.1f ms%n", r.wholeMs(50), r.wholeMs(99));
        System.out.printf(Locale.ROOT, "CPU used by this process (server and clients): %.1f s in %.1f s, %.1f ms per 1,000 tokens "
                + "(on a shared machine, a measure of cost that does not depend on the share of the cores it got)%n", cpu, wall,
                cpu * 1e6 / Math.max(1, r.tokens()));
        System.out.printf(Locale.ROOT, "a thread's wake-up delay meanwhile (5 ms sleeps): p50 %.2f ms  p99 %.2f ms%n", probe.lateMs(50),
                probe.lateMs(99));
        System.out.println("server, first token step by step (ms; quantiles of each step on its own, from /metrics):");
        System.out.printf(Locale.ROOT, "  %-9s %8s %8s %8s%n", "step", "p50", "p90", "p99");
        for (String s : STAGES) {
            Map<String, Double> q = stages.get(s);
            if (q != null) {
                System.out.printf(Locale.ROOT, "  %-9s %8.2f %8.2f %8.2f%n", s, q.getOrDefault("0.5", Double.NaN),
                        q.getOrDefault("0.9", Double.NaN), q.getOrDefault("0.99", Double.NaN));
            }
        }
        if (json != null) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("jdk", Integer.toString(Runtime.version().feature()));
            line.put("java_version", Runtime.version().toString());
            line.put("cores", Runtime.getRuntime().availableProcessors());
            line.put("model", id);
            line.put("model_summary", model.info().summary());
            line.put("clients", clients);
            line.put("client_kind", blocking ? "blocking" : "jetty");
            line.put("prompt", promptFor(model));
            line.put("requests", requests);
            line.put("max_tokens", maxTokens);
            line.put("seconds_limit", seconds);
            line.put("warmup", warmup);
            line.put("warmup_errors", warmupErrors);
            line.put("completions", r.completions());
            line.put("tokens", r.tokens());
            line.put("seconds", wall);
            line.put("completions_per_s", r.completions() / wall);
            line.put("tokens_per_s", r.tokens() / wall);
            line.put("errors", r.errors());
            line.put("first_error", r.firstError());
            line.put("ttft_p50_ms", r.firstEventMs(50));
            line.put("ttft_p99_ms", r.firstEventMs(99));
            line.put("whole_p50_ms", r.wholeMs(50));
            line.put("whole_p99_ms", r.wholeMs(99));
            line.put("cpu_s", cpu);
            line.put("cpu_ms_per_1000_tokens", cpu * 1e6 / Math.max(1, r.tokens()));
            line.put("wake_p50_ms", probe.lateMs(50));
            line.put("wake_p99_ms", probe.lateMs(99));
            line.put("load_before", numbers(before));
            line.put("load_after", numbers(after));
            Map<String, Object> byStage = new LinkedHashMap<>();
            for (String s : STAGES) {
                Map<String, Double> q = stages.get(s);
                if (q != null) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("p50", q.getOrDefault("0.5", Double.NaN));
                    p.put("p90", q.getOrDefault("0.9", Double.NaN));
                    p.put("p99", q.getOrDefault("0.99", Double.NaN));
                    byStage.put(s, p);
                }
            }
            line.put("stages", byStage);
            Files.writeString(json, JsonLine.of(line) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** "0.52 0.61 0.70" as numbers. */
    private static List<Double> numbers(String loads) {
        List<Double> out = new ArrayList<>();
        for (String f : loads.trim().split("\\s+")) {
            out.add(Double.parseDouble(f));
        }
        return out;
    }

    private static LoadResults drive(boolean blocking, int clients, URI server, String body, int requests, int seconds)
            throws Exception {
        URI uri = server.resolve("/v1/completions");
        return blocking ? new BlockingClients(clients).run(uri, body, requests, seconds)
                : new JettyClients(clients).run(uri, body, requests, seconds);
    }

    /** A short prompt the model can read. */
    private static String promptFor(Model m) {
        for (String p : List.of("The ", "春", "the ", "a")) {
            if (m.unknownPieces(p).isEmpty()) {
                return p;
            }
        }
        throw new IllegalStateException("no test prompt fits this model's vocabulary");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The 1, 5 and 15 minute load averages, from /proc/loadavg (or the JVM's 1-minute figure elsewhere). */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        }
    }
}
