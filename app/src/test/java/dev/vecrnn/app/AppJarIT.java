package dev.vecrnn.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shaded app.jar as users run it ({@code java -jar}): the libraries it was cut down to
 * (jline's terminal only, XChart without its PDF/SVG/GIF encoders) still do their jobs.
 * Runs in {@code mvn verify}, after the jar is built.
 */
class AppJarIT {

    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void findJar() {
        String p = System.getProperty("vecrnn.appJar");
        assumeTrue(p != null && Files.isRegularFile(Path.of(p)), "app.jar is built by mvn package");
        jar = Path.of(p);
    }

    private List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String[] run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
    }

    @Test
    void trainWithReportThenSampleEvalAndInfo() throws Exception {
        String[] t = run(java("train", "--iterations", "60", "--hidden", "8", "--sample-every", "20", "--sample-length", "10",
                "--eval-every", "30", "--report", "rep", "--out", "m.vrnn"), dir);
        assertEquals("0", t[0], t[1]);
        assertTrue(t[1].contains("wrote m.vrnn"), t[1]);
        assertNotNull(ImageIO.read(dir.resolve("rep/loss.png").toFile()), "the chart is drawn, headless");
        assertTrue(Files.readString(dir.resolve("rep/index.html")).contains("finished"));
        String[] s = run(java("sample", "--model", "m.vrnn", "--length", "20", "--seed", "1"), dir);
        assertEquals("0", s[0], s[1]);
        String[] i = run(java("info", "--model", "m.vrnn"), dir);
        assertEquals("0", i[0], i[1]);
        assertTrue(i[1].contains("60 iterations done"), i[1]);
    }

    /** Under a pseudo-terminal (util-linux script) the progress bar is drawn and the seed's lines still come through. */
    @Test
    void progressBarOnATerminal() throws Exception {
        assumeTrue(new ProcessBuilder("script", "--version").start().waitFor() == 0, "needs util-linux script for a terminal");
        StringBuilder line = new StringBuilder("stty cols 120;");
        for (String a : java("train", "--iterations", "120", "--hidden", "8", "--sample-every", "50", "--sample-length", "10",
                "--out", "t.vrnn")) {
            line.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        String[] r = run(List.of("script", "-qec", line.toString(), "/dev/null"), dir);
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("train 100% ["), "the bar reaches 100%: " + r[1]);
        assertTrue(r[1].contains("tok/s") && r[1].contains("/token"), r[1]);
        assertTrue(r[1].contains("iter 100, loss: "), r[1]);
        assertTrue(r[1].contains("wrote t.vrnn"), r[1]);
    }
}
