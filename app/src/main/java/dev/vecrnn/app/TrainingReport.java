package dev.vecrnn.app;

import dev.vecrnn.api.AtomicFiles;
import dev.vecrnn.api.LossCurves;
import dev.vecrnn.api.ReportFolder;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingListener;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code --report DIR}: {@code loss.png}, training and validation loss (nats per token) against
 * iterations drawn with XChart, and {@code index.html} with the chart, the run's configuration,
 * the validation results and the samples taken during this session. Both are rewritten
 * atomically as the run goes (at every validation, and otherwise at most every
 * {@value #EVERY_SECONDS} seconds), so a reader never sees half a file; while the run lasts the
 * page reloads itself.
 */
final class TrainingReport implements TrainingListener {
    static final String CHART = "loss.png";
    static final String PAGE = "index.html";
    static final int EVERY_SECONDS = 10;
    private static final int MAX_SAMPLES = 50;

    private final Path dir;
    private final String title;
    private final Map<String, String> config;
    private final Supplier<LossCurves> curves;
    private final long total;
    private final PrintWriter err;
    private long done;
    private double smoothPerToken;
    private final Deque<String[]> taken = new ArrayDeque<>();
    private long lastWrite;
    private String chartProblem;

    /**
     * A report of a run that starts after {@code done} iterations with a smooth loss of
     * {@code smoothPerToken} nats per token, towards {@code total}; {@code curves} gives the loss
     * curves as they are when the report is written.
     */
    TrainingReport(Path dir, String title, Map<String, String> config, long done, double smoothPerToken, long total,
                   Supplier<LossCurves> curves, PrintWriter err) {
        // XChart draws with AWT; no display is needed or wanted
        System.setProperty("java.awt.headless", "true");
        this.dir = dir;
        this.title = title;
        this.config = config;
        this.done = done;
        this.smoothPerToken = smoothPerToken;
        this.total = total;
        this.curves = curves;
        this.err = err;
    }

    /**
     * Before training starts: checks that the report's files are none of {@code run}'s, that the
     * folder is new, empty or an earlier report's (or {@code force}), creates it and checks it can
     * be written.
     */
    static void prepare(Path dir, Training run, boolean force) {
        run.checkOtherOutputs("report", dir.resolve(PAGE), dir.resolve(CHART), dir.resolve(ReportFolder.MARKER));
        ReportFolder.claim(dir, "report", force);
        AtomicFiles.checkWritable(dir.resolve(PAGE));
    }

    @Override
    public void onSample(SampleDrawn e) {
        taken.addFirst(new String[] {Long.toString(e.iteration()), e.text()});
        while (taken.size() > MAX_SAMPLES) {
            taken.removeLast();
        }
        maybeWrite();
    }

    @Override
    public void onIteration(IterationDone e) {
        done = e.done();
        smoothPerToken = e.smoothLoss() / e.seqLength();
        maybeWrite();
    }

    @Override
    public void onValidation(ValidationDone e) {
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
        LossCurves c = curves.get();
        byte[] png = chart(c);
        if (png != null) {
            AtomicFiles.write(dir.resolve(CHART), png);
        }
        byte[] html = page(status, png != null, c).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(PAGE), html);
    }

    private byte[] chart(LossCurves curves) {
        List<LossCurves.Point> train = curves.training();
        List<LossCurves.Point> val = curves.validation();
        if (train.isEmpty() && val.isEmpty()) {
            return null;
        }
        try {
            XYChart c = new XYChartBuilder().width(900).height(500).title("loss per token")
                    .xAxisTitle("iterations").yAxisTitle("nats per token").build();
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            add(c, "training (mean over each window)", train, false);
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

    private static void add(XYChart c, String name, List<LossCurves.Point> points, boolean markers) {
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

    private String page(String status, boolean hasChart, LossCurves curves) {
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
                esc(status), done, total, smoothPerToken,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))));
        if (hasChart) {
            h.append("<img src=\"").append(CHART).append('?').append(done)
                    .append("\" width=\"900\" height=\"500\" alt=\"training and validation loss against iterations\">\n");
        } else if (chartProblem != null) {
            h.append("<p>The chart cannot be drawn here: ").append(esc(chartProblem)).append("</p>\n");
        }
        h.append("<h2>Validation</h2>\n");
        List<LossCurves.Point> val = curves.validation();
        if (val.isEmpty()) {
            h.append("<p>None yet.</p>\n");
        } else {
            h.append("<table><tr><th>after iterations</th><th>nats/token</th><th>perplexity</th><th>bits/token</th></tr>\n");
            for (int i = val.size() - 1; i >= Math.max(0, val.size() - 20); i--) {
                double l = val.get(i).loss();
                h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.2f</td><td>%.3f</td></tr>%n",
                        val.get(i).iteration(), l, Math.exp(l), l / Math.log(2)));
            }
            double best = val.stream().mapToDouble(LossCurves.Point::loss).min().orElse(Double.NaN);
            h.append(String.format(Locale.ROOT, "</table><p>Best: %.4f nats per token.</p>%n", best));
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
