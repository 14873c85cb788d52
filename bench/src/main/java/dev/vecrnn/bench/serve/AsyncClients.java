package dev.vecrnn.bench.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The light load generator: {@code clients} streaming clients that hold no thread while they
 * wait. One {@link HttpClient} (HTTP/1.1, a keep-alive connection per client) runs every
 * request asynchronously, and the event lines of all streams are handled on one executor
 * thread, so the generator takes little of the cores the server under test needs. Each client
 * sends its next completion when its last one ended. Its time to first token is from the
 * request's send to the first {@code data: } line.
 */
final class AsyncClients {
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private final int clients;

    AsyncClients(int clients) {
        this.clients = clients;
    }

    String describe() {
        return clients + " streaming clients without a thread each: one java.net.http.HttpClient (HTTP/1.1), "
                + "requests sent asynchronously, every stream's lines handled on one executor thread";
    }

    LoadResults run(URI uri, String body, int requests, int seconds) throws InterruptedException {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "load-clients");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        LoadResults results = new LoadResults();
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CompletableFuture<?>[] loops = new CompletableFuture<?>[clients];
        for (int c = 0; c < clients; c++) {
            CompletableFuture<Void> loop = new CompletableFuture<>();
            next(http, request, results, sent, requests, end, loop);
            loops[c] = loop;
        }
        try {
            CompletableFuture.allOf(loops).get(seconds + 90L, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            results.failed("clients still running " + (seconds + 90) + " s after the start");
        } catch (java.util.concurrent.ExecutionException e) {
            results.failed(e.getCause().toString());
        } finally {
            callbacks.shutdownNow();
        }
        return results;
    }

    /** Sends this client's next completion, or ends its loop when the count or the time is used up. */
    private static void next(HttpClient http, HttpRequest request, LoadResults results, AtomicInteger sent,
                             int requests, long end, CompletableFuture<Void> loop) {
        if (sent.incrementAndGet() > requests || System.nanoTime() - end >= 0) {
            loop.complete(null);
            return;
        }
        Stream stream = new Stream(System.nanoTime());
        http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(stream))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        results.failed(failure.toString());
                    } else if (response.statusCode() != 200) {
                        results.failed("status " + response.statusCode());
                    } else {
                        stream.record(results);
                    }
                    next(http, request, results, sent, requests, end, loop);
                });
    }

    /** One completion's event lines as they arrive. */
    private static final class Stream implements Flow.Subscriber<String> {
        private final long start;
        private long first = -1;
        private long tokens = -1;
        private boolean done;

        Stream(long start) {
            this.start = start;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data: ")) {
                return;
            }
            if (first < 0) {
                first = System.nanoTime() - start;
            }
            if (line.equals("data: [DONE]")) {
                done = true;
                return;
            }
            Matcher m = COMPLETION_TOKENS.matcher(line);
            if (m.find()) {
                tokens = Long.parseLong(m.group(1));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // sendAsync's future fails with it too, and that is where it is counted
        }

        @Override
        public void onComplete() {
        }

        void record(LoadResults results) {
            if (!done || tokens < 0) {
                results.failed("the stream ended without its usage and [DONE]");
                return;
            }
            results.completed(first, System.nanoTime() - start, tokens);
        }
    }
}
