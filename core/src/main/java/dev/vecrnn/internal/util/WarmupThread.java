package dev.vecrnn.internal.util;

/**
 * A background thread that warms up a run's code while the main thread reads the text: it sets up
 * state of its own, then does rounds of work until stopped, or until it has done
 * {@code maxRounds} rounds or run {@code maxNanos}. It never touches the run's state and only moves
 * the JIT's compilation earlier, so anything it throws (an out-of-memory error included) just
 * ends it. {@link #stop()} ends it, and training then has the cores to itself.
 */
public final class WarmupThread {
    /** How long {@link #stop()} waits for the round in progress at most. */
    static final long STOP_WAIT_MILLIS = 1000;

    /** A warm-up's work: sets up its own state (on the warm-up thread) and returns its round. */
    @FunctionalInterface
    public interface Work {
        Round prepare();
    }

    /** One round of a warm-up's work; {@code round} counts from 0. */
    @FunctionalInterface
    public interface Round {
        void run(int round);
    }

    private final Thread thread;
    private volatile boolean stopped;
    private volatile int rounds;

    private WarmupThread(int maxRounds, long maxNanos, Work work) {
        thread = new Thread(() -> {
            try {
                long t0 = System.nanoTime();
                Round round = work.prepare();
                for (int r = 0; r < maxRounds && !stopped && System.nanoTime() - t0 < maxNanos; r++) {
                    round.run(r);
                    rounds = r + 1;
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                // only ever a head start: a warm-up that cannot run leaves the run as it was
            }
        }, "vecrnn-warmup");
        thread.setDaemon(true);
        // below the main thread, which has text to read meanwhile
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts {@code work} on a new warm-up thread. */
    public static WarmupThread start(int maxRounds, long maxNanos, Work work) {
        WarmupThread w = new WarmupThread(maxRounds, maxNanos, work);
        w.thread.start();
        return w;
    }

    /** Rounds done so far. */
    public int rounds() {
        return rounds;
    }

    /**
     * Stops the warm-up after the round in progress; waits for it only briefly (a round in code
     * not yet compiled can be slow, and the run need not wait for it: the thread ends by itself).
     */
    public void stop() {
        stopped = true;
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
