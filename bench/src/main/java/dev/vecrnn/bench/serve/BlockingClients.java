package dev.vecrnn.bench.serve;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator as it was first written, kept to compare with: a thread per client, each
 * blocked reading its stream through one shared {@link HttpClient} with its default executor.
 */
final class BlockingClients {
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private final int clients;

    BlockingClients(int clients) {
        this.clients = clients;
    }

    String describe() {
        return clients + " streaming clients, a thread each blocked reading its stream, on one java.net.http.HttpClient "
                + "(HTTP/1.1, its default executor)";
    }

    LoadResults run(URI uri, String body, int requests, int seconds) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LoadResults results = new LoadResults();
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (sent.incrementAndGet() <= requests && System.nanoTime() < end) {
                    try {
                        one(client, uri, body, results);
                    } catch (Exception e) {
                        results.failed(e.toString());
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(seconds + 90L, TimeUnit.SECONDS)) {
            results.failed("clients still running " + (seconds + 90) + " s after the start");
            pool.shutdownNow();
        }
        return results;
    }

    private static void one(HttpClient client, URI uri, String body, LoadResults results) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            results.failed("status " + r.statusCode());
            return;
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
            results.failed("the stream ended without its usage and [DONE]");
            return;
        }
        results.completed(first, System.nanoTime() - t0, tokens);
    }
}
