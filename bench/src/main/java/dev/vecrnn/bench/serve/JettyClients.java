package dev.vecrnn.bench.serve;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: {@code clients} streaming clients on Jetty's asynchronous HTTP client (one
 * selector thread, a keep-alive connection per client), holding no thread while they wait. The
 * event bytes are looked at as they arrive and parsed once, at the end of each completion, so
 * the generator takes little of the cores the server under test needs. A client sends its next
 * completion when its last one ended; its time to first token is from the send to the arrival
 * of the first bytes of a {@code data: } event.
 *
 * <p>(java.net.http, the generator before this one, handed every event line through several
 * futures on its executor; at 13,000 events a second its one executor thread itself queued the
 * first events for tens of milliseconds, which the client then counted as the server's.)
 */
final class JettyClients {
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private final int clients;

    JettyClients(int clients) {
        this.clients = clients;
    }

    String describe() {
        return clients + " streaming clients without a thread each: Jetty's asynchronous HttpClient (HTTP/1.1, one "
                + "selector thread), event bytes parsed at the end of each completion";
    }

    LoadResults run(URI uri, String body, int requests, int seconds) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("load-clients");
        threads.setDaemon(true);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(1));
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(clients);
        http.setMaxRequestsQueuedPerDestination(clients);
        http.setFollowRedirects(false);
        http.start();
        LoadResults results = new LoadResults();
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(clients);
        try {
            for (int c = 0; c < clients; c++) {
                new Client(http, uri, body, results, sent, requests, end, done).next();
            }
            if (!done.await(seconds + 90L, TimeUnit.SECONDS)) {
                results.failed("clients still running " + (seconds + 90) + " s after the start");
            }
        } finally {
            http.stop();
        }
        return results;
    }

    /** One client: its completions one after another. */
    private static final class Client {
        private final HttpClient http;
        private final URI uri;
        private final String body;
        private final LoadResults results;
        private final AtomicInteger sent;
        private final int requests;
        private final long end;
        private final CountDownLatch done;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long start;
        private long first;
        /** How much of {@code data: } the bytes so far end with, until the first event is found. */
        private int matched;

        Client(HttpClient http, URI uri, String body, LoadResults results, AtomicInteger sent, int requests, long end,
               CountDownLatch done) {
            this.http = http;
            this.uri = uri;
            this.body = body;
            this.results = results;
            this.sent = sent;
            this.requests = requests;
            this.end = end;
            this.done = done;
        }

        /** Sends this client's next completion, or ends it when the count or the time is used up. */
        void next() {
            if (sent.incrementAndGet() > requests || System.nanoTime() - end >= 0) {
                done.countDown();
                return;
            }
            bytes.reset();
            first = -1;
            matched = 0;
            Request request = http.newRequest(uri).method(HttpMethod.POST).timeout(60, TimeUnit.SECONDS)
                    .headers(h -> h.put(HttpHeader.ACCEPT, "text/event-stream"))
                    .body(new StringRequestContent("application/json", body))
                    .onResponseContent((response, content) -> arrived(content));
            start = System.nanoTime();
            request.send(this::ended);
        }

        private void arrived(ByteBuffer content) {
            byte[] b = new byte[content.remaining()];
            content.get(b);
            bytes.write(b, 0, b.length);
            for (int i = 0; i < b.length && first < 0; i++) {
                // "data: " repeats no prefix of itself, so a mismatch restarts the match at this byte
                matched = b[i] == DATA[matched] ? matched + 1 : b[i] == DATA[0] ? 1 : 0;
                if (matched == DATA.length) {
                    first = System.nanoTime() - start;
                }
            }
        }

        private void ended(Result result) {
            if (result.isFailed()) {
                results.failed(result.getFailure().toString());
            } else if (result.getResponse().getStatus() != 200) {
                results.failed("status " + result.getResponse().getStatus());
            } else {
                String text = bytes.toString(StandardCharsets.UTF_8);
                Matcher m = COMPLETION_TOKENS.matcher(text);
                if (first < 0 || !text.endsWith("data: [DONE]\n\n") || !m.find()) {
                    results.failed("the stream ended without its usage and [DONE]");
                } else {
                    results.completed(first, System.nanoTime() - start, Long.parseLong(m.group(1)));
                }
            }
            next();
        }
    }
}
