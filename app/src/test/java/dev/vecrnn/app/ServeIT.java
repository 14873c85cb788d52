package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.spi.Tokenizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
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

    /** {@code app.jar serve --model MODEL --port 0 ARGS…}, its output and errors merged. */
    private Process serve(Path model, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", jar.toString(), "serve", "--model", model.toString(), "--port", "0"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The address the server says it listens on. */
    private static URI listening(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            said.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("the server did not say where it listens: " + said);
    }

    @Test
    void servesAModelWithAPluginTokenizerAndStopsAtOnceWithAnIdleKeepAliveConnection() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        pairsPlugin(plugins.resolve("pairs.jar"));
        Path model = dir.resolve("pairs.vrnn");
        TrainSettings s = TrainSettings.builder().tokenizer("pairs").hidden(16).seqLength(8).iterations(20).sampleEvery(0).build();
        try (Plugins pl = Plugins.load(plugins, true);
             Training t = Training.newRun(s).text(TrainingText.of("the cat sat on the mat. ".repeat(20), "cat")).output(model)
                     .plugins(pl).threads(1).build()) {
            t.run();
        }
        Process p = serve(model, "--plugins", plugins.toString(), "--shutdown-grace", "600");
        try {
            URI base = listening(p);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pairs\",\"prompt\":\"the cat \",\"max_tokens\":5}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            // "th", "e ", "ca", "t ": the plugin's pairs, not the built-in characters
            assertTrue(r.body().contains("\"prompt_tokens\":4"), r.body());

            // the client keeps that connection open, idle; the stop must not wait the grace for it
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the server stops long before its 600 s grace");
            assertEquals(0, p.exitValue());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120));
        } finally {
            p.destroyForcibly();
        }
    }

    /** A plugin JAR with the tokenizer "pairs" (runs of two characters), compiled against the core classes only. */
    private void pairsPlugin(Path jarFile) throws Exception {
        String source = """
                package org.example.served;
                import dev.vecrnn.spi.*;
                import java.util.*;
                public final class PairsProvider implements TokenizerProvider {
                    public String name() { return "pairs"; }
                    public String description() { return "runs of two characters"; }
                    public Tokenizer create(Options o) {
                        return text -> {
                            List<String> out = new ArrayList<>();
                            for (int i = 0; i < text.length(); i += 2) {
                                out.add(text.substring(i, Math.min(text.length(), i + 2)));
                            }
                            return out;
                        };
                    }
                }
                """;
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path java = Files.writeString(src.resolve("PairsProvider.java"), source);
        String core = Path.of(Tokenizer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diag, diag, "-d", classes.toString(), "-classpath", core,
                "--release", "17", java.toString());
        assertEquals(0, rc, diag.toString(StandardCharsets.UTF_8));
        try (OutputStream fo = Files.newOutputStream(jarFile); JarOutputStream jo = new JarOutputStream(fo)) {
            jo.putNextEntry(new JarEntry("org/example/served/PairsProvider.class"));
            jo.write(Files.readAllBytes(classes.resolve("org/example/served/PairsProvider.class")));
            jo.closeEntry();
            jo.putNextEntry(new JarEntry("META-INF/services/dev.vecrnn.spi.TokenizerProvider"));
            jo.write("org.example.served.PairsProvider\n".getBytes(StandardCharsets.UTF_8));
            jo.closeEntry();
        }
    }

    @Test
    void sigtermLetsTheRunningStreamFinishThenExitsZero() throws Exception {
        Path model = dir.resolve("tiny.vrnn");
        TrainSettings s = TrainSettings.builder().hidden(16).seqLength(10).iterations(20).sampleEvery(0).build();
        try (Training t = Training.newRun(s).text(TrainingText.of("the cat sat on the mat. ".repeat(20), "cat")).output(model)
                .threads(1).build()) {
            t.run();
        }
        Process p = serve(model, "--max-tokens", "1000000", "--shutdown-grace", "120");
        try {
            URI base = listening(p);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(base.resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"the \",\"stream\":true,"
                            + "\"max_tokens\":100000}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertTrue(events.readLine().startsWith("data: {"));

            p.destroy(); // SIGTERM
            URI health = base.resolve("/health");
            // meanwhile, new connections are refused (once the signal is handled), and none is left
            // hanging: one the server took just as it began to stop is closed too
            boolean refused = false;
            for (int i = 0; i < 100 && !refused; i++) {
                try {
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                            .send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(20)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                    Thread.sleep(50);
                } catch (HttpTimeoutException e) {
                    // a connect timeout too: the port, once closed, refuses at once
                    fail("a request on a new connection got no answer while the server stopped: " + e);
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
