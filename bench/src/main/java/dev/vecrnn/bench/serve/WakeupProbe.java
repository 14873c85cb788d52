package dev.vecrnn.bench.serve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * How late a thread wakes on this machine while the load runs: it sleeps 5 ms again and again and
 * records how much longer each sleep took. On a busy machine every hand-off between threads
 * (client → server → client) waits about this long, whatever the server does.
 */
final class WakeupProbe implements AutoCloseable {
    private static final long SLEEP = 5_000_000;
    private final List<Long> late = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    WakeupProbe() {
        thread = new Thread(() -> {
            while (running) {
                long t = System.nanoTime();
                LockSupport.parkNanos(SLEEP);
                late.add(Math.max(0, System.nanoTime() - t - SLEEP));
            }
        }, "wakeup-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** The {@code p}th percentile of the wake-up delays so far, in ms. */
    double lateMs(double p) {
        List<Long> s = new ArrayList<>(late);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        return s.get(Math.max(0, Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1))) / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
