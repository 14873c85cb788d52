package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI client library (the {@code openai} npm package, pinned in
 * src/test/node/package-lock.json) calls the server unchanged: listing models, a completion, a
 * streamed completion and a refused one. Needs Node.js and the npm registry (installed once into
 * target/openai-client); it fails rather than skips without them.
 */
class OpenAiClientTest {
    private static final Path NODE_SRC = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/openai-client");

    @TempDir
    Path dir;

    @Test
    void theOfficialClientsCompletionsCallsWorkUnchanged() throws Exception {
        installClient();
        Model fox = TestModels.train(dir, "fox");
        String expected = fox.sampleText("The quick", SampleSettings.builder().length(12).seed(7L).temperature(0.8).topP(0.95).build());
        try (CompletionServer server = CompletionServer.start(ServedModels.of(List.of(fox)), ServerLimits.defaults(), "127.0.0.1", 0,
                System.err)) {
            String out = run(List.of("node", "openai-client.mjs", server.uri().toString(), "fox"), 120);
            JsonNode r = Json.MAPPER.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
            assertEquals("fox", r.get("models").get(0).asText());
            assertEquals(expected, r.get("text").asText());
            assertEquals("length", r.get("finish").asText());
            assertEquals(12, r.get("usage").get("completion_tokens").asInt());
            assertEquals(expected, r.get("streamed").asText());
            assertTrue(r.get("chunks").asInt() > 2, out);
            assertEquals("length", r.get("streamFinish").asText());
            assertEquals(400, r.get("error").get("status").asInt(), out);
            assertEquals("temperature", r.get("error").get("param").asText(), out);
            assertEquals("BadRequestError", r.get("error").get("name").asText(), out);
        }
    }

    /** Copies the client script and its locked dependencies to target/ and installs them there once. */
    private static void installClient() throws Exception {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "openai-client.mjs")) {
            Files.copy(NODE_SRC.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isRegularFile(WORK.resolve("node_modules/openai/package.json"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
        }
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        // output to a file: a full pipe would block the child while we wait for it
        Path log = WORK.resolve("output.txt");
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s");
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }
}
