package dev.vecrnn.server;

import dev.vecrnn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the server: a client's idle keep-alive connection does not hold the stop for the
 * whole grace, and a completion streaming meanwhile still finishes with {@code [DONE]}.
 */
class ShutdownTest {
    private static final Duration GRACE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static Model fox;

    @BeforeAll
    static void train() {
        fox = TestModels.train(dir, "fox");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtOnceWhileARunningStreamFinishes() throws Exception {
        ServerLimits limits = new ServerLimits(8, 8, Duration.ofSeconds(10), 1_000_000, 100, 10_000, 4, Duration.ofSeconds(120),
                GRACE);
        CompletionServer server = CompletionServer.start(ServedModels.of(List.of(fox)), limits, "127.0.0.1", 0, System.err);
        try (Socket idle = new Socket("127.0.0.1", server.port())) {
            // one request on a keep-alive connection, then nothing: the connection stays open and idle
            OutputStream out = idle.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = idle.getInputStream();
            String head = readResponse(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(!head.toLowerCase().contains("connection: close"), "the connection is kept alive: " + head);

            // a long completion streaming; its client reads only the first event before the stop
            Http http = new Http(server.uri());
            HttpResponse<InputStream> stream = http.client.send(HttpRequest.newBuilder(http.base.resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fox\",\"prompt\":\"The\",\"stream\":true,"
                            + "\"max_tokens\":20000}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertTrue(events.readLine().startsWith("data: {"));

            long t0 = System.nanoTime();
            CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
                server.close();
                return System.nanoTime() - t0;
            });
            idle.setSoTimeout((int) GRACE.toMillis());
            assertEquals(-1, in.read(), "the server closes the idle connection");
            long idleClosed = System.nanoTime() - t0;

            String last = null;
            int n = 0;
            for (String line; (line = events.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    last = line;
                    n++;
                }
            }
            assertEquals("data: [DONE]", last, "the running stream finishes, after " + n + " more events");
            long took = stopped.get(GRACE.toSeconds() + 30, TimeUnit.SECONDS);
            assertTrue(idleClosed < TimeUnit.SECONDS.toNanos(5), "the idle connection closed after " + idleClosed / 1e6 + " ms");
            assertTrue(took < GRACE.toNanos() / 4, "the stop took " + took / 1e6 + " ms of a " + GRACE.toMillis() + " ms grace");
        } finally {
            server.close();
        }
    }

    /** Reads one response with a Content-Length body; returns its head. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        assertEquals(length, in.readNBytes(length).length);
        return head.toString();
    }
}
