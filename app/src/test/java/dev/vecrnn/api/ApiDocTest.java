package dev.vecrnn.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/API.md cannot drift from the code: every Java block in it is compiled against the API and
 * run, in the order of the page, in a folder with an {@code input.txt}, each in a JVM of its own.
 */
class ApiDocTest {
    private static final Path PAGE = Path.of("..", "docs", "API.md");
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");

    /** What each example must print (besides ending normally), in the order they run: training first. */
    private static final Map<String, String> EXPECT = new LinkedHashMap<>();

    static {
        EXPECT.put("TrainTiny", "150 iterations");
        EXPECT.put("SampleFromModel", "ROMEO:");
        EXPECT.put("EvaluateText", "nats/token");
        EXPECT.put("StopAndResume", "done: 500 iterations");
        EXPECT.put("SharedModel", "The ");
        EXPECT.put("TokensErrorsPlugins", "seqLength must be at least 1, not 0");
        EXPECT.put("AdamLiteProvider", "adamlite");
    }

    @Test
    void everyExampleOfTheApiPageCompilesAndRuns(@TempDir Path dir) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(PAGE));
        while (m.find()) {
            Matcher c = CLASS.matcher(m.group(1));
            assertTrue(c.find(), "every Java block on the page is a whole class:\n" + m.group(1));
            sources.put(c.group(1), m.group(1));
        }
        assertEquals(new java.util.TreeSet<>(EXPECT.keySet()), new java.util.TreeSet<>(sources.keySet()),
                "the page's examples, each with what it must print");

        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xlint:all", "-Werror"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey() + ".java");
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertEquals(0, status, "the page's examples compile without warnings:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("input.txt"), play());
        for (String example : EXPECT.keySet()) {
            Run r = run(work, classes, example);
            assertEquals(0, r.status, example + " ends normally:\n" + r.out + r.err);
            assertTrue(r.out.contains(EXPECT.get(example)), example + " prints '" + EXPECT.get(example) + "':\n" + r.out + r.err);
        }
        assertTrue(Files.exists(work.resolve("tiny.vrnn")) && Files.exists(work.resolve("tiny.best.vrnn")));
        assertEquals(500, ModelInfo.read(work.resolve("stopped.vrnn")).iterations());
    }

    /** A made-up play: speakers' lines of words drawn from a small list, about 20 KB. */
    private static String play() {
        String[] speakers = {"ROMEO:", "JULIET:", "First Citizen:", "NURSE:"};
        String[] words = ("the a of and to in my thy love night light fair sweet doth hath not what art thou so "
                + "speak stay come go name rose moon star heart hand eyes day").split(" ");
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 20_000) {
            sb.append(speakers[r.nextInt(speakers.length)]).append('\n');
            for (int line = 1 + r.nextInt(3); line > 0; line--) {
                for (int w = 4 + r.nextInt(6); w > 0; w--) {
                    sb.append(words[r.nextInt(words.length)]).append(w > 1 ? " " : "");
                }
                sb.append(r.nextInt(4) == 0 ? "!\n" : ",\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(Path work, Path classes, String main) throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector",
                "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), main);
        Path out = Files.createTempFile(work.getParent(), main, ".out");
        Path err = Files.createTempFile(work.getParent(), main, ".err");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(main + " did not end within 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
