package dev.vecrnn.app;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A terminal progress bar on stderr (me.tongfei:progressbar): iterations done of the run's
 * total, elapsed time and ETA, the smooth loss per token and tokens per second. A line of output
 * first wipes the bar, then the bar is drawn again below it.
 */
final class BarProgress implements Progress {
    private final PrintWriter out;
    private final Wiping consumer;
    private final ProgressBar bar;

    BarProgress(PrintWriter out, PrintWriter err, long start, long total) {
        this.out = out;
        this.consumer = new Wiping(err);
        this.bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(total)
                .startsFrom(start, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(consumer)
                .build();
    }

    @Override
    public void println(String line) {
        synchronized (consumer) {
            consumer.wipe();
            out.println(line);
            out.flush();
            consumer.redraw();
        }
    }

    @Override
    public void update(long done, double lossPerToken, double tokensPerSecond) {
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f/token, %,.0f tok/s", lossPerToken, tokensPerSecond));
    }

    @Override
    public void close() {
        bar.close();
    }

    /** Draws the bar with a carriage return and remembers it, so it can be wiped before other output. */
    private static final class Wiping implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width;
        private String last = "";

        Wiping(PrintWriter err) {
            this.err = err;
            // the library's own console consumer knows the terminal's width
            int w = new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream())).getMaxRenderedLength();
            this.width = w > 0 ? w : 80;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public synchronized void accept(String rendered) {
            last = rendered;
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        synchronized void wipe() {
            if (!last.isEmpty()) {
                err.print('\r');
                err.print(" ".repeat(last.length()));
                err.print('\r');
                err.flush();
            }
        }

        synchronized void redraw() {
            if (!last.isEmpty()) {
                accept(last);
            }
        }

        @Override
        public synchronized void close() {
            err.println();
            err.flush();
        }
    }
}
