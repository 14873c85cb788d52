package dev.vecrnn.internal.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Training and validation loss against iterations done, both in nats per token, for charts.
 * Kept in checkpoints (as text) so that the chart of a resumed run starts at the beginning.
 * Each series keeps at most {@value #MAX_POINTS} points: when full, every other old point is
 * dropped, so a long run keeps its whole shape at a coarser step.
 */
public final class LossHistory {
    static final int MAX_POINTS = 2000;

    /** One measurement. */
    public record Point(long iteration, double loss) {
    }

    private final List<Point> train = new ArrayList<>();
    private final List<Point> validation = new ArrayList<>();

    public List<Point> train() {
        return List.copyOf(train);
    }

    public List<Point> validation() {
        return List.copyOf(validation);
    }

    public void addTrain(long iteration, double lossPerToken) {
        add(train, iteration, lossPerToken);
    }

    public void addValidation(long iteration, double lossPerToken) {
        add(validation, iteration, lossPerToken);
    }

    private static void add(List<Point> series, long iteration, double loss) {
        if (!series.isEmpty() && series.get(series.size() - 1).iteration() == iteration) {
            series.set(series.size() - 1, new Point(iteration, loss));
            return;
        }
        if (series.size() >= MAX_POINTS) {
            List<Point> thinned = new ArrayList<>(MAX_POINTS / 2 + 1);
            for (int i = 0; i < series.size(); i += 2) {
                thinned.add(series.get(i));
            }
            series.clear();
            series.addAll(thinned);
        }
        series.add(new Point(iteration, loss));
    }

    /** The train series as text: {@code iteration:loss} pairs separated by spaces. */
    public String trainText() {
        return format(train);
    }

    public String validationText() {
        return format(validation);
    }

    /** Restores both series from {@link #trainText()} and {@link #validationText()}; returns false if either is malformed. */
    public boolean restore(String trainText, String validationText) {
        List<Point> t = parse(trainText);
        List<Point> v = parse(validationText);
        if (t == null || v == null) {
            return false;
        }
        train.clear();
        train.addAll(t);
        validation.clear();
        validation.addAll(v);
        return true;
    }

    private static String format(List<Point> series) {
        StringBuilder sb = new StringBuilder();
        for (Point p : series) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(p.iteration()).append(':').append(p.loss()); // exact, so a resumed history equals an unbroken one
        }
        return sb.toString();
    }

    private static List<Point> parse(String text) {
        List<Point> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String item : text.trim().split(" +")) {
            int colon = item.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            try {
                out.add(new Point(Long.parseLong(item.substring(0, colon)), Double.parseDouble(item.substring(colon + 1))));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out.size() > MAX_POINTS ? null : out;
    }
}
