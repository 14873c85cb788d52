package dev.vecrnn.app;

import dev.vecrnn.api.LossCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --report DIR: a PNG chart of the losses and an HTML page with it, the configuration and the samples. */
class ReportTest {

    @TempDir
    Path dir;

    @Test
    void writesChartAndPageAndKeepsTheHistoryAcrossAResume() throws IOException {
        Path data = dir.resolve("tags.txt");
        Files.writeString(data, "<b>bold</b> & <i>italic</i> \"quoted\" ".repeat(60));
        Path rep = dir.resolve("report");
        Path m = dir.resolve("m.vrnn");
        Cli r = Cli.run("train", "--data", data.toString(), "--iterations", "120", "--hidden", "16", "--sample-every", "20",
                "--sample-length", "40", "--eval-every", "50", "--report", rep.toString(), "--out", m.toString());
        assertEquals(0, r.exit, r::toString);

        BufferedImage png = ImageIO.read(rep.resolve("loss.png").toFile());
        assertNotNull(png, "loss.png is an image");
        assertEquals(900, png.getWidth());
        assertEquals(500, png.getHeight());

        String html = Files.readString(rep.resolve("index.html"));
        assertTrue(html.contains("<b>finished</b>, 120 of 120 iterations"), html);
        assertFalse(html.contains("http-equiv=\"refresh\""), "a finished run's page stops reloading");
        assertTrue(html.contains("<img src=\"loss.png?120\""), html);
        assertTrue(html.contains("<th>model</th><td>rnn, 1 layer(s) of 16 units"), html);
        assertTrue(html.contains("<th>optimizer</th><td>adagrad"), html);
        assertTrue(html.contains("<th>data</th><td>" + TrainingReport.esc(data.toString())), html);
        assertEquals(6, count(html, "<h3>before iteration \\d+</h3>"), "samples at 0, 20, ... 100");
        assertTrue(html.contains("<tr><td>100</td>") && html.contains("<tr><td>50</td>") && html.contains("<tr><td>120</td>"), html);
        Matcher pre = Pattern.compile("(?s)<pre>(.*?)</pre>").matcher(html);
        while (pre.find()) {
            assertFalse(pre.group(1).contains("<") || pre.group(1).contains(">"), "sample text is escaped: " + pre.group(1));
        }
        assertTrue(html.contains("&lt;") || html.contains("&gt;"), "the samples' tags appear escaped");
        assertNoTemporaryFiles(rep);

        // a resumed run's report still starts at the beginning
        Cli s = Cli.run("train", "--resume", m.toString(), "--iterations", "160", "--report", rep.toString());
        assertEquals(0, s.exit, s::toString);
        String again = Files.readString(rep.resolve("index.html"));
        assertTrue(again.contains("160 of 160 iterations"), again);
        assertTrue(again.contains("<tr><td>50</td>") && again.contains("<tr><td>150</td>"), "validation history of both sessions: " + again);
        assertNoTemporaryFiles(rep);
    }

    @Test
    void whileRunningThePageReloadsItself() throws IOException {
        Path rep = dir.resolve("r");
        dev.vecrnn.api.ReportFolder.claim(rep, "report", false);
        java.util.List<LossCurves.Point> train = new java.util.ArrayList<>();
        java.io.StringWriter err = new java.io.StringWriter();
        TrainingReport report = new TrainingReport(rep, "x.vrnn", java.util.Map.of("k", "v<"), 0, 0.4, 100,
                () -> new LossCurves(train, java.util.List.of()), new java.io.PrintWriter(err));
        report.write("running");
        String html = Files.readString(rep.resolve("index.html"));
        assertTrue(html.contains("http-equiv=\"refresh\""), html);
        assertTrue(html.contains("<th>k</th><td>v&lt;</td>"), html);
        assertTrue(html.contains("None yet."), "no validation yet: " + html);
        assertFalse(Files.exists(rep.resolve("loss.png")), "no chart without data");
        train.add(new LossCurves.Point(10, 3.0));
        report.write("running");
        assertNotNull(ImageIO.read(rep.resolve("loss.png").toFile()));
        assertEquals("", err.toString(), "nothing went wrong");
    }

    private static void assertNoTemporaryFiles(Path rep) throws IOException {
        try (Stream<Path> s = Files.list(rep)) {
            assertEquals(java.util.List.of(dev.vecrnn.api.ReportFolder.MARKER, "index.html", "loss.png"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
