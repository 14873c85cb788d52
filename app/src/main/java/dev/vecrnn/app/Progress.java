package dev.vecrnn.app;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How a training run shows that it is moving: a progress bar on a terminal, a plain line now
 * and then otherwise. The run's own lines (the seed's log, samples, validation) go through
 * {@link #println} so that they do not collide with the bar.
 */
interface Progress extends AutoCloseable {

    /** A line of the run's output (stdout). */
    void println(String line);

    /** {@code done} of {@code total} iterations, the smooth loss per token and the training speed. */
    void update(long done, double lossPerToken, double tokensPerSecond);

    @Override
    void close();

    /** A bar when stdout is a terminal, plain lines on {@code err} otherwise. */
    static Progress choose(PrintWriter out, PrintWriter err, long start, long total) {
        return TerminalCheck.interactive() ? new BarProgress(out, err, start, total) : new PlainProgress(out, err, start, total);
    }

    /** Seconds as people read them: 45s, 6m 05s, 2h 03m. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }
}
