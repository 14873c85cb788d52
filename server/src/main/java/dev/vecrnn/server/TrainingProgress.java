package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vecrnn.api.TrainingListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live training page shows, gathered from a run's events: the smoothed training loss
 * and the validation loss per token by iteration, the progress and speed, the latest samples and
 * the settings. The training curve keeps at most {@value #MAX_POINTS} points however long the
 * run: past that, every other point goes and the stride between points doubles.
 */
final class TrainingProgress implements TrainingListener {
    static final int MAX_POINTS = 4000;
    private static final int SAMPLES = 5;

    private final List<double[]> train = new ArrayList<>();
    private final List<double[]> validation = new ArrayList<>();
    private final Deque<ObjectNode> samples = new ArrayDeque<>();
    private Map<String, String> settings = new LinkedHashMap<>();
    private String title = "training";
    private String status = "starting";
    private long stride = 1;
    private long done;
    private long total;
    private double tokensPerSecond;
    private long firstDone = -1;
    private long firstNanos;
    private long lastNanos;

    synchronized void describe(String title, Map<String, String> settings) {
        this.title = title;
        this.settings = new LinkedHashMap<>(settings);
    }

    /** The run ended: "finished", "interrupted", "diverged" ... */
    synchronized void ended(String status) {
        this.status = status;
    }

    @Override
    public synchronized void onIteration(IterationDone e) {
        long now = System.nanoTime();
        if (firstDone < 0) {
            firstDone = e.done();
            firstNanos = now;
        }
        lastNanos = now;
        status = "training";
        done = e.done();
        total = e.iterations();
        tokensPerSecond = e.tokensPerSecond();
        if (e.done() % stride == 0 || e.done() == e.iterations()) {
            train.add(new double[] {e.done(), e.smoothLoss() / e.seqLength()});
            if (train.size() >= MAX_POINTS) {
                thin();
            }
        }
    }

    private void thin() {
        List<double[]> kept = new ArrayList<>(train.size() / 2 + 1);
        for (int i = 0; i < train.size(); i += 2) {
            kept.add(train.get(i));
        }
        train.clear();
        train.addAll(kept);
        stride *= 2;
    }

    @Override
    public synchronized void onValidation(ValidationDone e) {
        validation.add(new double[] {e.iterationsDone(), e.result().lossPerToken()});
    }

    @Override
    public synchronized void onSample(SampleDrawn e) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("iteration", e.iteration());
        s.put("text", e.text());
        samples.addFirst(s);
        while (samples.size() > SAMPLES) {
            samples.removeLast();
        }
    }

    /** The page's state as JSON. */
    synchronized ObjectNode state() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("title", title);
        o.put("status", status);
        o.put("done", done);
        o.put("total", total);
        o.put("tokensPerSecond", tokensPerSecond);
        double perIteration = done > firstDone && firstDone >= 0 ? (lastNanos - firstNanos) / 1e9 / (done - firstDone) : Double.NaN;
        if (Double.isNaN(perIteration) || !"training".equals(status)) {
            o.putNull("secondsLeft");
        } else {
            o.put("secondsLeft", perIteration * (total - done));
        }
        o.set("train", points(train));
        o.set("validation", points(validation));
        ArrayNode s = o.putArray("samples");
        samples.forEach(s::add);
        ObjectNode st = o.putObject("settings");
        settings.forEach(st::put);
        return o;
    }

    private static ArrayNode points(List<double[]> list) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (double[] p : list) {
            a.addArray().add(p[0]).add(Double.isFinite(p[1]) ? p[1] : null);
        }
        return a;
    }
}
