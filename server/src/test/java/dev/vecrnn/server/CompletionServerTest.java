package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI-shaped API against a running server, through a real HTTP client. */
class CompletionServerTest {
    @TempDir
    static Path dir;
    static Model fox;
    static CompletionServer server;
    static Http http;

    @BeforeAll
    static void start() {
        fox = TestModels.train(dir, "fox");
        server = CompletionServer.start(ServedModels.of(List.of(fox, TestModels.train(dir, "dog"))), ServerLimits.defaults(),
                "127.0.0.1", 0, System.err);
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sample(String prompt, int length, long seed) {
        return fox.sampleText(prompt, SampleSettings.builder().length(length).seed(seed).build());
    }

    @Test
    void listsTheModelsWithTheirDetails() {
        HttpResponse<String> r = http.get("/v1/models");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = Http.json(r);
        assertEquals("list", body.get("object").asText());
        assertEquals(2, body.get("data").size());
        JsonNode first = body.get("data").get(0);
        assertEquals("fox", first.get("id").asText());
        assertEquals("model", first.get("object").asText());
        assertEquals("lstm", first.get("vecrnn").get("cell").asText());
        assertEquals(24, first.get("vecrnn").get("hidden").asInt());
        assertEquals(fox.info().vocabularySize(), first.get("vecrnn").get("vocabulary_size").asInt());
        assertEquals("dog", Http.json(http.get("/v1/models/dog")).get("id").asText());
        assertEquals(404, http.get("/v1/models/cat").statusCode());
    }

    @Test
    void thePlaygroundPageIsServedAtTheRoot() {
        HttpResponse<String> r = http.get("/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
        assertTrue(r.body().contains("vecrnn playground") && r.body().contains("/v1/completions"), r.body());
    }

    @Test
    void healthAnswers() {
        HttpResponse<String> r = http.get("/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok", Http.json(r).get("status").asText());
    }

    @Test
    void aCompletionIsTheTextTheApiDrawsWithTheSameSeed() {
        HttpResponse<String> r = http.post("/v1/completions",
                "{\"model\":\"fox\",\"prompt\":\"The quick\",\"max_tokens\":40,\"seed\":7}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Http.json(r);
        assertEquals("text_completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("cmpl-"));
        assertEquals("fox", body.get("model").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals(sample("The quick", 40, 7), choice.get("text").asText());
        assertEquals("length", choice.get("finish_reason").asText());
        assertEquals(0, choice.get("index").asInt());
        assertTrue(choice.get("logprobs").isNull());
        assertEquals(40, body.get("usage").get("completion_tokens").asInt());
        assertEquals(fox.split("The quick").size(), body.get("usage").get("prompt_tokens").asInt());
        assertEquals(40 + fox.split("The quick").size(), body.get("usage").get("total_tokens").asInt());
    }

    @Test
    void nChoicesTakeConsecutiveSeedsAndEchoRepeatsThePrompt() {
        JsonNode body = Http.json(http.post("/v1/completions",
                "{\"model\":\"fox\",\"prompt\":\"fox \",\"max_tokens\":20,\"seed\":100,\"n\":3,\"echo\":true}"));
        assertEquals(3, body.get("choices").size());
        for (int i = 0; i < 3; i++) {
            JsonNode c = body.get("choices").get(i);
            assertEquals(i, c.get("index").asInt());
            assertEquals("fox " + sample("fox ", 20, 100 + i), c.get("text").asText());
        }
        assertNotEquals(body.get("choices").get(0).get("text").asText(), body.get("choices").get(1).get("text").asText());
        assertEquals(60, body.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void temperatureZeroAlwaysTakesTheMostLikelyToken() {
        String expected = fox.sampleText("The ", SampleSettings.builder().length(30).argmax(true).build());
        for (long seed : new long[] {1, 2}) {
            JsonNode body = Http.json(http.post("/v1/completions",
                    "{\"model\":\"fox\",\"prompt\":\"The \",\"max_tokens\":30,\"temperature\":0,\"seed\":" + seed + "}"));
            assertEquals(expected, body.get("choices").get(0).get("text").asText());
        }
    }

    @Test
    void aStopSequenceEndsTheChoiceBeforeIt() {
        String full = sample("The", 60, 3);
        String stop = full.substring(10, 12);
        int at = full.indexOf(stop);
        JsonNode body = Http.json(http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"The\",\"max_tokens\":60,\"seed\":3,"
                + "\"stop\":[\"\\u0000never\"," + Json.MAPPER.valueToTree(stop) + "]}"));
        JsonNode c = body.get("choices").get(0);
        assertEquals(full.substring(0, at), c.get("text").asText());
        assertEquals("stop", c.get("finish_reason").asText());
    }

    @Test
    void streamingSendsTheSameTextAsEventsEndingWithDone() {
        String prompt = "敏捷的";
        String expected = sample(prompt, 50, 11);
        HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"" + prompt
                + "\",\"max_tokens\":50,\"seed\":11,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        String[] blocks = r.body().split("\n\n");
        assertEquals("data: [DONE]", blocks[blocks.length - 1]);
        for (int i = 0; i < blocks.length - 1; i++) {
            assertTrue(blocks[i].startsWith("data: {"), blocks[i]);
            events.add(Http.json(fakeResponse(blocks[i].substring("data: ".length()))));
        }
        StringBuilder text = new StringBuilder();
        String reason = null;
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertEquals("text_completion", e.get("object").asText());
            JsonNode c = e.get("choices").get(0);
            text.append(c.get("text").asText());
            if (!c.get("finish_reason").isNull()) {
                reason = c.get("finish_reason").asText();
            }
        }
        assertTrue(events.size() > 3, "the text comes in pieces");
        assertEquals(expected, text.toString());
        assertEquals("length", reason);
        JsonNode usage = events.get(events.size() - 1);
        assertEquals(0, usage.get("choices").size());
        assertEquals(50, usage.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void emojiPromptsWork() {
        HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"fox\",\"prompt\":\"狗。😀\",\"max_tokens\":30,\"seed\":5}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(sample("狗。😀", 30, 5), Http.json(r).get("choices").get(0).get("text").asText());
    }

    @Test
    void anUnknownModelIsA400NamingTheParameter() {
        HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"cat\",\"prompt\":\"The\"}");
        assertEquals(400, r.statusCode());
        JsonNode e = Http.json(r).get("error");
        assertEquals("model", e.get("param").asText());
        assertEquals("model_not_found", e.get("code").asText());
        assertEquals("invalid_request_error", e.get("type").asText());
        assertTrue(e.get("message").asText().contains("fox, dog"), e.get("message").asText());
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() {
        HttpResponse<String> r = http.get("/v2/nothing");
        assertEquals(404, r.statusCode());
        assertEquals("not_found", Http.json(r).get("error").get("code").asText());
        r = http.get("/v1/completions");
        assertEquals(405, r.statusCode());
        assertTrue(Http.json(r).get("error").get("message").asText().contains("POST"));
    }

    @Test
    void metricsCountRequestsAndTokens() {
        http.post("/v1/completions", "{\"model\":\"dog\",\"prompt\":\"The\",\"max_tokens\":7}");
        HttpResponse<String> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("vecrnn_tokens_generated_total{model=\"dog\"}"), r.body());
        assertTrue(r.body().contains("vecrnn_requests_total{route=\"/v1/completions\",status=\"200\"}"), r.body());
        assertTrue(r.body().contains("vecrnn_request_duration_seconds_bucket"), r.body());
        assertTrue(r.body().contains("vecrnn_requests_in_flight"), r.body());
        assertFalse(r.body().contains("route=\"/v2"), "unknown paths are counted under one name");
    }

    private static HttpResponse<String> fakeResponse(String body) {
        return new StringResponse(body);
    }
}
