package dev.vecrnn.app;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress for logs and pipes: a line on stderr at most every {@value #EVERY_SECONDS} seconds. */
final class PlainProgress implements Progress {
    static final int EVERY_SECONDS = 30;

    private final PrintWriter out;
    private final PrintWriter err;
    private final long start;
    private final long total;
    private final long t0 = System.nanoTime();
    private long lastPrint = System.nanoTime();

    PlainProgress(PrintWriter out, PrintWriter err, long start, long total) {
        this.out = out;
        this.err = err;
        this.start = start;
        this.total = total;
    }

    @Override
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void update(long done, double lossPerToken, double tokensPerSecond) {
        long now = System.nanoTime();
        if (now - lastPrint < EVERY_SECONDS * 1_000_000_000L) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - t0) / 1e9;
        double left = done > start ? elapsed / (done - start) * (total - done) : Double.NaN;
        err.printf(Locale.ROOT, "progress: iteration %d of %d (%.0f%%), loss %.4f per token, %,.0f tokens/s%s%n", done, total,
                100.0 * done / total, lossPerToken, tokensPerSecond,
                Double.isNaN(left) ? "" : ", about " + Progress.duration(left) + " left");
        err.flush();
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
    }
}
