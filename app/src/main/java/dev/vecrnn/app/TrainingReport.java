package dev.vecrnn.app;

import dev.vecrnn.internal.io.AtomicFile;
import dev.vecrnn.internal.train.Evaluation;
import dev.vecrnn.internal.train.LossHistory;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.api.VecrnnException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report DIR}: {@code loss.png}, training and validation loss (nats per token) against
 * iterations drawn with XChart, and {@code index.html} with the chart, the run's configuration,
 * the validation results and the samples taken during this session. Both are rewritten
 * atomically as the run goes (at every validation, and otherwise at most every
 * {@value #EVERY_SECONDS} seconds), so a reader never sees half a file; while the run lasts the
 * page reloads itself.
 */
final class TrainingReport implements TrainListener {
    static final String CHART = "loss.png";
    static final String PAGE = "index.html";
    static final int EVERY_SECONDS = 10;
    private static final int MAX_SAMPLES = 50;

    private final Path dir;
    private final String title;
    private final Map<String, String> config;
    private final TrainState state;
    private final long total;
    private final int seqLength;
    private final SampleText samples;
    private final PrintWriter err;
    private final Deque<String[]> taken = new ArrayDeque<>();
    private long lastWrite;
    private String chartProblem;

    /** Turns a sample's ids into text. */
    interface SampleText {
        String of(int[] tokens);
    }

    TrainingReport(Path dir, String title, Map<String, String> config, TrainState state, long total, int seqLength,
                   SampleText samples, PrintWriter err) {
        // XChart draws with AWT; no display is needed or wanted
        System.setProperty("java.awt.headless", "true");
        this.dir = dir;
        this.title = title;
        this.config = config;
        this.state = state;
        this.total = total;
        this.seqLength = seqLength;
        this.samples = samples;
        this.err = err;
    }

    /** Creates the folder if needed and checks it can be written, before training starts. */
    static void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new VecrnnException("--report " + dir + " is a file; give a folder for the report");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VecrnnException("cannot create the report folder " + dir + ": " + e.getMessage());
        }
        AtomicFile.checkWritable(dir.resolve(PAGE));
    }

    @Override
    public void onSample(long iteration, int[] tokens) {
        taken.addFirst(new String[] {Long.toString(iteration), samples.of(tokens)});
        while (taken.size() > MAX_SAMPLES) {
            taken.removeLast();
        }
        maybeWrite();
    }

    @Override
    public void onIteration(long iteration, double loss, double smoothLoss) {
        maybeWrite();
    }

    @Override
    public void onValidation(long iterationsDone, Evaluation result, boolean best, long nanos) {
        write("running");
    }

    private void maybeWrite() {
        if (System.nanoTime() - lastWrite >= EVERY_SECONDS * 1_000_000_000L) {
            write("running");
        }
    }

    /** Writes the chart and the page; {@code status} is "running", "finished", "interrupted" or "diverged". */
    void write(String status) {
        lastWrite = System.nanoTime();
        byte[] png = chart();
        if (png != null) {
            AtomicFile.write(dir.resolve(CHART), out -> out.write(png));
        }
        byte[] html = page(status, png != null).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(dir.resolve(PAGE), out -> out.write(html));
    }

    private byte[] chart() {
        List<LossHistory.Point> train = state.history.train();
        List<LossHistory.Point> val = state.history.validation();
        if (train.isEmpty() && val.isEmpty()) {
            return null;
        }
        try {
            XYChart c = new XYChartBuilder().width(900).height(500).title("loss per token")
                    .xAxisTitle("iterations").yAxisTitle("nats per token").build();
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            add(c, "training (smooth)", train, false);
            add(c, "validation", val, true);
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException | RuntimeException | LinkageError e) {
            // a JRE without fonts or AWT libraries: keep training, say so once
            if (chartProblem == null) {
                chartProblem = e.toString();
                err.println("vecrnn: the report's chart cannot be drawn (" + e + "); the page is still written");
                err.flush();
            }
            return null;
        }
    }

    private static void add(XYChart c, String name, List<LossHistory.Point> points, boolean markers) {
        if (points.isEmpty()) {
            return;
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).iteration();
            y[i] = points.get(i).loss();
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(markers || points.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private String page(String status, boolean hasChart) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        if (status.equals("running")) {
            h.append("<meta http-equiv=\"refresh\" content=\"").append(EVERY_SECONDS * 3).append("\">\n");
        }
        h.append("<title>vecrnn: ").append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}")
                .append("pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap}</style></head><body>\n");
        h.append("<h1>vecrnn: ").append(esc(title)).append("</h1>\n");
        h.append(String.format(Locale.ROOT, "<p>Status: <b>%s</b>, %d of %d iterations; smooth loss %.4f nats per token. Updated %s.</p>%n",
                esc(status), state.iteration, total, state.smoothLoss / seqLength,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))));
        if (hasChart) {
            h.append("<img src=\"").append(CHART).append('?').append(state.iteration)
                    .append("\" width=\"900\" height=\"500\" alt=\"training and validation loss against iterations\">\n");
        } else if (chartProblem != null) {
            h.append("<p>The chart cannot be drawn here: ").append(esc(chartProblem)).append("</p>\n");
        }
        h.append("<h2>Validation</h2>\n");
        if (state.lastValIteration < 0) {
            h.append("<p>None yet.</p>\n");
        } else {
            h.append("<table><tr><th>after iterations</th><th>nats/token</th><th>perplexity</th><th>bits/token</th></tr>\n");
            List<LossHistory.Point> val = state.history.validation();
            for (int i = val.size() - 1; i >= Math.max(0, val.size() - 20); i--) {
                double l = val.get(i).loss();
                h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.2f</td><td>%.3f</td></tr>%n",
                        val.get(i).iteration(), l, Math.exp(l), l / Math.log(2)));
            }
            h.append(String.format(Locale.ROOT, "</table><p>Best: %.4f nats per token.</p>%n", state.bestValLoss));
        }
        h.append("<h2>Configuration</h2>\n<table>\n");
        config.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n<h2>Samples</h2>\n");
        if (taken.isEmpty()) {
            h.append("<p>None in this session (see --sample-every).</p>\n");
        }
        for (String[] s : taken) {
            h.append("<h3>before iteration ").append(s[0]).append("</h3>\n<pre>").append(esc(s[1])).append("</pre>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
