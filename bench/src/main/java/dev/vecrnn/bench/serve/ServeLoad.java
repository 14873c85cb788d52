package dev.vecrnn.bench.serve;

import dev.vecrnn.server.CompletionServer;
import dev.vecrnn.server.ServedModels;
import dev.vecrnn.server.ServerLimits;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serve load test: a server for one model in this process, on loopback only, and
 * {@code clients} streaming clients that each send completions one after another until
 * {@code requests} have been sent or {@code seconds} have passed. Reports completions/s, tokens/s,
 * time to first token and whole-request latency (p50, p99) and errors.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.vecrnn.bench.serve.ServeLoad \
 *     MODEL_FILE [clients=64] [requests=1280] [max_tokens=100] [seconds=120]
 * </pre>
 */
public final class ServeLoad {
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private ServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ServeLoad MODEL_FILE [clients=64] [requests=1280] [max_tokens=100] [seconds=120]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        int maxTokens = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 120;
        ServedModels served = ServedModels.load(List.of(model));
        String id = served.all().keySet().iterator().next();
        try (CompletionServer server = CompletionServer.start(served, ServerLimits.defaults(), "127.0.0.1", 0, System.err)) {
            URI uri = server.uri().resolve("/v1/completions");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String body = "{\"model\":\"" + id + "\",\"prompt\":\"" + promptFor(served) + "\",\"max_tokens\":" + maxTokens
                    + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
            // warm up the JIT, so the figures are of the steady state
            for (int i = 0; i < 20; i++) {
                one(client, uri, body);
            }
            List<Long> ttft = Collections.synchronizedList(new ArrayList<>());
            List<Long> latency = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            AtomicLong tokens = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    while (sent.incrementAndGet() <= requests && System.nanoTime() < end) {
                        try {
                            long[] r = one(client, uri, body);
                            ttft.add(r[0]);
                            latency.add(r[1]);
                            tokens.addAndGet(r[2]);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "serve load: %d clients, %d completions of %d tokens in %.1f s on %s (JDK %s, load %.2f)%n",
                    clients, latency.size(), maxTokens, wall, id, Runtime.version(), loadAverage());
            System.out.printf(Locale.ROOT, "completions/s %.1f  tokens/s %.0f  errors %d%n", latency.size() / wall,
                    tokens.get() / wall, errors.get());
            System.out.printf(Locale.ROOT, "time to first token  p50 %.1f ms  p99 %.1f ms%n", pct(ttft, 50), pct(ttft, 99));
            System.out.printf(Locale.ROOT, "whole completion     p50 %.1f ms  p99 %.1f ms%n", pct(latency, 50), pct(latency, 99));
        }
    }

    /** A short prompt the model can read. */
    private static String promptFor(ServedModels served) {
        var m = served.all().values().iterator().next();
        for (String p : List.of("The ", "春", "the ", "a")) {
            if (m.unknownPieces(p).isEmpty()) {
                return p;
            }
        }
        throw new IllegalStateException("no test prompt fits this model's vocabulary");
    }

    /** One streamed completion: nanoseconds to the first event and to the end, and the tokens drawn. */
    private static long[] one(HttpClient client, URI uri, String body) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IllegalStateException("status " + r.statusCode());
        }
        long first = -1;
        long tokens = -1;
        boolean done = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    if (first < 0) {
                        first = System.nanoTime() - t0;
                    }
                    if (line.equals("data: [DONE]")) {
                        done = true;
                    } else {
                        Matcher m = COMPLETION_TOKENS.matcher(line);
                        if (m.find()) {
                            tokens = Long.parseLong(m.group(1));
                        }
                    }
                }
            }
        }
        if (!done || tokens < 0) {
            throw new IllegalStateException("the stream ended without its usage and [DONE]");
        }
        return new long[] {first, System.nanoTime() - t0, tokens};
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> s = new ArrayList<>(nanos);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
