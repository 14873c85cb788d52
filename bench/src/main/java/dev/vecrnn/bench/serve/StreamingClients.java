package dev.vecrnn.bench.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code clients} streaming clients without a thread each: one {@link HttpClient} (HTTP/1.1, one
 * connection per client, kept alive) whose responses are read by line subscribers on
 * {@code threads} executor threads plus the client's own selector thread; each client sends its
 * next completion as soon as its last one ends. So the load generator takes little of the CPU the
 * server needs, which 64 blocking client threads would not.
 */
final class StreamingClients {
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private final int clients;
    private final int threads;

    StreamingClients(int clients, int threads) {
        this.clients = clients;
        this.threads = threads;
    }

    /** What this generator runs, for the report. */
    String describe() {
        return clients + " streaming clients on one java.net.http.HttpClient (HTTP/1.1, a connection each, " + threads
                + " executor thread(s) and the client's selector thread, no thread per client)";
    }

    /** Sends {@code body} to {@code uri} until {@code requests} completions were sent or {@code seconds} passed. */
    LoadResults run(URI uri, String body, int requests, int seconds) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "load-client");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            LoadResults results = new LoadResults();
            AtomicInteger sent = new AtomicInteger();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            CountDownLatch finished = new CountDownLatch(clients);
            for (int c = 0; c < clients; c++) {
                next(http, request, requests, end, sent, results, finished);
            }
            if (!finished.await(seconds + 90L, TimeUnit.SECONDS)) {
                results.failed("clients still running " + (seconds + 90) + " s after the start");
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    /** One client's next completion, and when it ends the one after, until the count or the time is up. */
    private void next(HttpClient http, HttpRequest request, int requests, long end, AtomicInteger sent, LoadResults results,
                      CountDownLatch finished) {
        if (sent.incrementAndGet() > requests || System.nanoTime() - end >= 0) {
            finished.countDown();
            return;
        }
        Events events = new Events(System.nanoTime());
        http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(events)).whenComplete((r, failure) -> {
            long done = System.nanoTime();
            if (failure != null) {
                results.failed(failure.toString());
            } else if (r.statusCode() != 200) {
                results.failed("status " + r.statusCode());
            } else if (!events.done || events.tokens < 0) {
                results.failed("the stream ended without its usage and [DONE]");
            } else {
                results.completed(events.first - events.sent, done - events.sent, events.tokens);
            }
            next(http, request, requests, end, sent, results, finished);
        });
    }

    /** Reads one stream's lines: when the first event came, the usage's completion tokens, the [DONE]. */
    private static final class Events implements Flow.Subscriber<String> {
        final long sent;
        volatile long first = -1;
        volatile long tokens = -1;
        volatile boolean done;

        Events(long sent) {
            this.sent = sent;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data: ")) {
                return;
            }
            if (first < 0) {
                first = System.nanoTime();
            }
            if (line.equals("data: [DONE]")) {
                done = true;
            } else if (line.contains("\"usage\"")) {
                Matcher m = COMPLETION_TOKENS.matcher(line);
                if (m.find()) {
                    tokens = Long.parseLong(m.group(1));
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            // the response's future fails too; counted there
        }

        @Override
        public void onComplete() {
            // the response's future completes; counted there
        }
    }
}
