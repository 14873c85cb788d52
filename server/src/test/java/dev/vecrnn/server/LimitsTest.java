package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vecrnn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
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

/** The server's limits: slots then queue then 429, disconnects free their slot, time limit, prompt and body sizes. */
class LimitsTest {
    private static final int HUGE = 100_000_000;

    @TempDir
    static Path dir;
    static Model fox;

    @BeforeAll
    static void train() {
        fox = TestModels.train(dir, "fox");
    }

    private static CompletionServer start(ServerLimits limits) {
        return CompletionServer.start(ServedModels.of(List.of(fox)), limits, "127.0.0.1", 0, System.err);
    }

    private static ServerLimits limits(int concurrent, int queued, Duration wait, Duration timeLimit) {
        return new ServerLimits(concurrent, queued, wait, HUGE, 10, 300, 4, timeLimit, Duration.ofSeconds(1));
    }

    /** A stream of a practically endless completion, read up to its first event and then left unread. */
    private static InputStream occupy(Http http) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(http.base.resolve("/v1/completions")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"fox\",\"prompt\":\"The\",\"stream\":true,\"max_tokens\":" + HUGE + "}")).build();
        HttpResponse<InputStream> resp = http.client.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, resp.statusCode());
        BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
        assertTrue(in.readLine().startsWith("data: {"));
        return resp.body();
    }

    private static double metric(Http http, String name) {
        for (String line : http.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    @Test
    void beyondTheSlotsRequestsQueueThenGet429WithRetryAfterAndADisconnectFreesItsSlot() throws Exception {
        try (CompletionServer server = start(limits(1, 1, Duration.ofSeconds(60), Duration.ofSeconds(60)))) {
            Http http = new Http(server.uri());
            InputStream first = occupy(http);
            CompletableFuture<HttpResponse<String>> queued = http.client.sendAsync(HttpRequest.newBuilder(
                            http.base.resolve("/v1/completions")).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"fox\",\"prompt\":\"The\",\"max_tokens\":9}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 600 && metric(http, "vecrnn_generations_queued") < 1; i++) {
                Thread.sleep(50);
            }
            assertEquals(1.0, metric(http, "vecrnn_generations_queued"), "the second request waits for the slot");

            HttpResponse<String> third = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The\"}");
            assertEquals(429, third.statusCode(), third.body());
            assertEquals("60", third.headers().firstValue("Retry-After").orElse(""));
            assertEquals("rate_limit_exceeded", Http.json(third).get("error").get("code").asText());

            // the first client goes away: its endless generation stops and the queued request gets the slot
            first.close();
            HttpResponse<String> second = queued.get(60, TimeUnit.SECONDS);
            assertEquals(200, second.statusCode(), second.body());
            assertEquals(9, Http.json(second).get("usage").get("completion_tokens").asInt());
            // the slot is given back just after the response is sent
            for (int i = 0; i < 200 && metric(http, "vecrnn_generations_in_flight") > 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(0.0, metric(http, "vecrnn_generations_in_flight"));
            assertTrue(metric(http, "vecrnn_client_disconnects_total") >= 1);
        }
    }

    @Test
    void withNoQueueABusyServerSays429AtOnce() throws Exception {
        try (CompletionServer server = start(limits(1, 0, Duration.ofSeconds(3), Duration.ofSeconds(60)))) {
            Http http = new Http(server.uri());
            try (InputStream first = occupy(http)) {
                HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The\"}");
                assertEquals(429, r.statusCode());
                assertEquals("3", r.headers().firstValue("Retry-After").orElse(""));
            }
        }
    }

    @Test
    void theTimeLimitEndsALongCompletionWithWhatItHas() {
        try (CompletionServer server = start(limits(2, 0, Duration.ZERO, Duration.ofMillis(500)))) {
            Http http = new Http(server.uri());
            assertEquals(200, http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The\",\"max_tokens\":99}").statusCode());
            HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The\",\"max_tokens\":" + HUGE + "}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = Http.json(r);
            int drawn = body.get("usage").get("completion_tokens").asInt();
            assertTrue(drawn > 0 && drawn < HUGE, drawn + " tokens");
            assertEquals("length", body.get("choices").get(0).get("finish_reason").asText());
        }
    }

    @Test
    void promptLengthBodySizeAndChoicesAreBounded() {
        try (CompletionServer server = start(limits(2, 0, Duration.ZERO, Duration.ofSeconds(60)))) {
            Http http = new Http(server.uri());
            HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The quick b\"}");
            assertEquals(400, r.statusCode());
            assertEquals("prompt", Http.json(r).get("error").get("param").asText());
            assertEquals(200, http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The quick \"}").statusCode());

            String big = "{\"model\":\"fox\",\"prompt\":\"The\",\"user\":\"" + "u".repeat(300) + "\"}";
            r = http.post("/v1/completions", big);
            assertEquals(413, r.statusCode());
            assertEquals("request_too_large", Http.json(r).get("error").get("code").asText());
            // the same without a Content-Length: chunked, counted as it arrives
            r = http.send(HttpRequest.newBuilder(http.base.resolve("/v1/completions")).POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build());
            assertEquals(413, r.statusCode());

            r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":[\"The\",\"fox\",\"dog\"],\"n\":2}");
            assertEquals(400, r.statusCode());
            assertEquals("n", Http.json(r).get("error").get("param").asText());
            r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":[\"The\",\"fox\"],\"n\":2,\"max_tokens\":3}");
            assertEquals(4, Http.json(r).get("choices").size());
            assertEquals(4 * 3, Http.json(r).get("usage").get("completion_tokens").asInt());
        }
    }
}
