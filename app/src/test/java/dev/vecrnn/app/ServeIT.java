package dev.vecrnn.app;

import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar app.jar serve} as users run it: it serves, and SIGTERM lets a running stream
 * finish with {@code [DONE]}, refuses new connections meanwhile, and exits 0. Runs in mvn verify.
 */
class ServeIT {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void findJar() {
        String p = System.getProperty("vecrnn.appJar");
        assumeTrue(p != null && Files.isRegularFile(Path.of(p)), "app.jar is built by mvn package");
        jar = Path.of(p);
    }

    @Test
    void sigtermLetsTheRunningStreamFinishThenExitsZero() throws Exception {
        Path model = dir.resolve("tiny.vrnn");
        TrainSettings s = TrainSettings.builder().hidden(16).seqLength(10).iterations(20).sampleEvery(0).build();
        try (Training t = Training.newRun(s).text(TrainingText.of("the cat sat on the mat. ".repeat(20), "cat")).output(model)
                .threads(1).build()) {
            t.run();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-jar", jar.toString(), "serve", "--model", model.toString(), "--port", "0",
                "--max-tokens", "1000000", "--shutdown-grace", "120").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            URI base = null;
            for (String line; base == null && (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    base = URI.create(m.group(1));
                }
            }
            assertTrue(base != null, "the server says where it listens");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(base.resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"the \",\"stream\":true,"
                            + "\"max_tokens\":100000}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertTrue(events.readLine().startsWith("data: {"));

            p.destroy(); // SIGTERM
            URI health = base.resolve("/health");
            // meanwhile, new connections are refused (once the signal is handled)
            boolean refused = false;
            for (int i = 0; i < 100 && !refused; i++) {
                try {
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                            .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
                    Thread.sleep(50);
                } catch (IOException e) {
                    refused = true;
                }
            }
            assertTrue(refused, "no new connections once stopping");
            String last = null;
            int lines = 0;
            for (String line; (line = events.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    last = line;
                    lines++;
                }
            }
            assertEquals("data: [DONE]", last, "the running stream ends normally, after " + lines + " events");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } finally {
            p.destroyForcibly();
        }
    }
}
