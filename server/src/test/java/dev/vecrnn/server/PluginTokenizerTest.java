package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.SampleSettings;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.spi.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model trained with a third party's tokenizer from a plugin JAR (compiled here against the
 * core classes only) is served when the server is given the plugins, and refused with a one-line
 * error naming the tokenizer when it is not.
 */
class PluginTokenizerTest {
    private static final String PROVIDER = """
            package org.example.served;
            import dev.vecrnn.spi.*;
            import java.util.*;
            /** Runs of two code points: "The quick " is "Th", "e ", "qu", "ic", "k ". */
            public final class PairsProvider implements TokenizerProvider {
                public String name() { return "pairs"; }
                public String description() { return "runs of two code points"; }
                public Tokenizer create(Options o) {
                    return text -> {
                        List<String> out = new ArrayList<>();
                        int i = 0;
                        while (i < text.length()) {
                            int end = i + Character.charCount(text.codePointAt(i));
                            if (end < text.length()) {
                                end += Character.charCount(text.codePointAt(end));
                            }
                            out.add(text.substring(i, end));
                            i = end;
                        }
                        return out;
                    };
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aModelWithAPluginTokenizerIsServedWithItsPlugins() throws Exception {
        Path plugins = pluginFolder();
        Path file = dir.resolve("pairs.vrnn");
        try (Plugins p = Plugins.load(plugins, true)) {
            TrainSettings s = TrainSettings.builder().tokenizer("pairs").hidden(24).seqLength(8).iterations(30).sampleEvery(0).build();
            try (Training t = Training.newRun(s).text(TrainingText.of("The quick brown fox jumps over the lazy dog. ".repeat(40), "fox"))
                    .output(file).plugins(p).threads(1).build()) {
                t.run();
            }

            VecrnnException without = assertThrows(VecrnnException.class, () -> ServedModels.load(List.of(file)));
            assertTrue(without.getMessage().contains("pairs"), without.getMessage());

            ServedModels served = ServedModels.load(List.of(file), p);
            Model model = served.all().get("pairs");
            assertEquals(List.of("Th", "e ", "qu", "ic", "k "), model.split("The quick "));
            try (CompletionServer server = CompletionServer.start(served, ServerLimits.defaults(), "127.0.0.1", 0, System.err)) {
                Http http = new Http(server.uri());
                JsonNode r = Http.json(http.post("/v1/completions",
                        "{\"model\":\"pairs\",\"prompt\":\"The quick \",\"max_tokens\":12,\"seed\":7}"));
                assertEquals(5, r.at("/usage/prompt_tokens").asInt(), r.toString());
                assertEquals(12, r.at("/usage/completion_tokens").asInt(), r.toString());
                String expected = model.sampleText("The quick ", SampleSettings.builder().length(12).seed(7L).build());
                assertEquals(expected, r.at("/choices/0/text").asText());
                JsonNode listed = Http.json(http.get("/v1/models/pairs"));
                assertEquals("pairs", listed.at("/vecrnn/tokenizer").asText(), listed.toString());
            }
        }
    }

    /** A folder with one plugin JAR: the "pairs" tokenizer and its service file. */
    private Path pluginFolder() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        Path src = Files.createDirectories(dir.resolve("src/org/example/served"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path java = Files.writeString(src.resolve("PairsProvider.java"), PROVIDER);
        String core = Path.of(Tokenizer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-d", classes.toString(), "-classpath", core, "--release", "17", java.toString());
        assertEquals(0, rc, diag.toString(StandardCharsets.UTF_8));
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        try (OutputStream fo = Files.newOutputStream(folder.resolve("pairs.jar")); JarOutputStream jo = new JarOutputStream(fo)) {
            jo.putNextEntry(new JarEntry("org/example/served/PairsProvider.class"));
            jo.write(Files.readAllBytes(classes.resolve("org/example/served/PairsProvider.class")));
            jo.closeEntry();
            jo.putNextEntry(new JarEntry("META-INF/services/dev.vecrnn.spi.TokenizerProvider"));
            jo.write("org.example.served.PairsProvider\n".getBytes(StandardCharsets.UTF_8));
            jo.closeEntry();
        }
        return folder;
    }
}
