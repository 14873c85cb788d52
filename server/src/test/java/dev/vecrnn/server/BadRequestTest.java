package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated bad requests: each is a 400 with the API's error JSON naming the
 * parameter at fault (or none when the body as a whole is wrong), never a 500 or a stack trace,
 * and the server answers a good request afterwards.
 */
class BadRequestTest {
    private static final String JSON_CHARS = " {}[]\",:0123456789e.-\\";
    private static final String GOOD = "{\"model\":\"fox\",\"prompt\":\"The \",\"max_tokens\":5,\"seed\":1}";

    @TempDir
    static Path dir;
    static CompletionServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = CompletionServer.start(ServedModels.of(List.of(TestModels.train(dir, "fox"))), ServerLimits.defaults(),
                "127.0.0.1", 0, System.err);
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Bad values of each parameter, as JSON text, each of which must be refused naming that parameter. */
    private static Map<String, List<String>> badValues() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("model", List.of("null", "1", "true", "[]", "{}", "\"cat\"", "\"\"", "\"FOX\"", "[\"fox\"]"));
        m.put("prompt", List.of("null", "1", "true", "{}", "[]", "[1,2]", "[\"The\",3]", "\"\"", "[\"The\",\"\"]", "\"Ж\"",
                "\"The ZZZ\"", "\"\\u0000\"", "\"\\ud800\"", "[[1]]"));
        m.put("max_tokens", List.of("0", "-1", "2049", "1000000000", "1.5", "\"5\"", "true", "[]", "{}",
                "99999999999999999999999", "-99999999999999999999999", "5e0"));
        m.put("temperature", List.of("-0.1", "2.01", "\"1\"", "true", "[]", "{}", "1e400", "-1e400", "1e308"));
        m.put("top_p", List.of("0", "-1", "1.01", "\"0.5\"", "false", "[0.5]", "1e-400"));
        m.put("top_k", List.of("-1", "1.5", "\"3\"", "true", "{}", "-9999999999999"));
        m.put("seed", List.of("1.5", "\"1\"", "true", "{}", "[]", "123456789012345678901234567890"));
        m.put("stop", List.of("1", "true", "{}", "[1]", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", "\"\"", "[\"\"]", "[null]"));
        m.put("n", List.of("0", "-1", "17", "1.5", "\"2\"", "[]"));
        m.put("stream", List.of("\"true\"", "1", "{}", "[]"));
        m.put("echo", List.of("\"yes\"", "1", "[]"));
        m.put("user", List.of("1", "{}", "[]", "false"));
        m.put("logprobs", List.of("1", "5", "true", "\"x\""));
        m.put("best_of", List.of("2", "\"1\"", "0"));
        m.put("suffix", List.of("\"x\"", "1"));
        m.put("presence_penalty", List.of("0.5", "\"0\"", "-2"));
        m.put("frequency_penalty", List.of("-1", "true"));
        m.put("logit_bias", List.of("{\"1\":100}", "3", "[]"));
        return m;
    }

    private static String with(String param, String value) {
        ObjectNode o = (ObjectNode) readGood();
        o.remove(param);
        String base = Json.write(o);
        return base.substring(0, base.length() - 1) + ",\"" + param + "\":" + value + "}";
    }

    private static JsonNode readGood() {
        try {
            return Json.MAPPER.readTree(GOOD);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts a 4xx with the API's error JSON about {@code param} (null: about no parameter); returns it. */
    private static JsonNode refused(byte[] body, int status, String param) {
        HttpResponse<String> r = http.post("/v1/completions", body);
        String what = new String(body, StandardCharsets.UTF_8) + " -> " + r.body();
        assertEquals(status, r.statusCode(), what);
        noInsides(r.body());
        JsonNode e = Http.json(r).get("error");
        assertTrue(e != null && e.get("message").isTextual() && !e.get("message").asText().isEmpty(), what);
        assertEquals(param, e.get("param").isNull() ? null : e.get("param").asText(), what);
        return e;
    }

    private static void noInsides(String body) {
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("dev.vecrnn"), body);
    }

    @Test
    void everyBadValueOfEveryParameterIsA400NamingIt() {
        int n = 0;
        for (Map.Entry<String, List<String>> e : badValues().entrySet()) {
            for (String v : e.getValue()) {
                refused(with(e.getKey(), v).getBytes(StandardCharsets.UTF_8), 400, e.getKey());
                n++;
            }
        }
        refused("{\"prompt\":\"The \"}".getBytes(StandardCharsets.UTF_8), 400, "model");
        refused("{\"model\":\"fox\"}".getBytes(StandardCharsets.UTF_8), 400, "prompt");
        refused(with("stream_options", "{\"include_usage\":true}").getBytes(StandardCharsets.UTF_8), 400, "stream_options");
        String streaming = with("stream", "true");
        for (String v : List.of("[]", "1", "{\"include_usage\":\"yes\"}", "{\"x\":1}")) {
            String body = streaming.substring(0, streaming.length() - 1) + ",\"stream_options\":" + v + "}";
            refused(body.getBytes(StandardCharsets.UTF_8), 400, "stream_options");
        }
        assertTrue(n > 100);
        stillServes();
    }

    @Test
    void unknownParametersAreNamed() {
        Random rnd = new Random(42);
        for (int i = 0; i < 200; i++) {
            String name = "x" + Integer.toString(rnd.nextInt(1 << 20), 36) + (i % 3 == 0 ? "_敏捷😀" : "");
            JsonNode e = refused(with(name, "1").getBytes(StandardCharsets.UTF_8), 400, name);
            assertTrue(e.get("message").asText().startsWith("Unrecognized request argument supplied"));
        }
        stillServes();
    }

    @Test
    void malformedBodiesAre400sAboutNoParameter() {
        List<String> bodies = new ArrayList<>(List.of("", "[]", "1", "\"x\"", "null", "true", "{", "}", "{]", "{\"model\"}",
                GOOD + "x", GOOD + GOOD, "{\"model\":\"fox\",\"model\":\"fox\",\"prompt\":\"x\"}", "{'model':'fox'}",
                "{\"model\":\"fox\",\"prompt\":\"The \",\"temperature\":NaN}", "\u0000", "\uFEFF"));
        for (int cut = 1; cut < GOOD.length() - 1; cut++) {
            bodies.add(GOOD.substring(0, cut));
        }
        for (String b : bodies) {
            refused(b.getBytes(StandardCharsets.UTF_8), 400, null);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(200)];
            rnd.nextBytes(junk);
            junk[0] = (byte) '{';
            refused(junk, 400, null);
        }
        stillServes();
    }

    @Test
    void invalidUtf8IsRefusedNamingTheParameterThatHoldsIt() {
        byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE6, (byte) 0x95},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
        for (byte[] b : bad) {
            for (String param : List.of("prompt", "model", "user")) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                String before = "{\"model\":\"fox\",\"prompt\":\"The \",\"" + param + "\":\"a";
                if (!param.equals("user")) {
                    before = with(param, "\"a").replaceAll("}$", "");
                }
                body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
                body.writeBytes(b);
                body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
                refused(body.toByteArray(), 400, param);
            }
        }
        stillServes();
    }

    /** A valid body with random bytes changed: each answer is a completion or a 400, never anything else. */
    @Test
    void thousandsOfMutatedRequestsNeverHurtTheServer() {
        byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(2024);
        int ok = 0;
        int refusedCount = 0;
        for (int i = 0; i < 2500; i++) {
            byte[] b = good.clone();
            for (int k = 0, changes = 1 + rnd.nextInt(3); k < changes; k++) {
                b[rnd.nextInt(b.length)] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256)
                        : JSON_CHARS.charAt(rnd.nextInt(JSON_CHARS.length())));
            }
            HttpResponse<String> r = http.post("/v1/completions", b);
            noInsides(r.body());
            String what = new String(b, StandardCharsets.ISO_8859_1) + " -> " + r.body();
            if (r.statusCode() == 200) {
                ok++;
                assertEquals("text_completion", Http.json(r).get("object").asText(), what);
            } else {
                refusedCount++;
                assertEquals(400, r.statusCode(), what);
                assertTrue(Http.json(r).get("error").get("message").isTextual(), what);
            }
        }
        assertTrue(ok > 0 && refusedCount > 1000, ok + " completions, " + refusedCount + " refused");
        stillServes();
    }

    private static void stillServes() {
        HttpResponse<String> r = http.post("/v1/completions", GOOD);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(5, Http.json(r).get("usage").get("completion_tokens").asInt());
    }
}
