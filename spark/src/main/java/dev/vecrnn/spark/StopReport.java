package dev.vecrnn.spark;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the driver that the JVM is stopping (Ctrl-C, SIGTERM), and holds the stop until the
 * driver has said what the model file holds: Spark's own shutdown hook stops the context under
 * the running round, which would otherwise end the job as an internal error, or end the JVM
 * before the driver's last line.
 */
final class StopReport {
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean stopping;

    private StopReport() {
        hook = new Thread(() -> {
            stopping = true;
            try {
                reported.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vecrnn-spark-stop");
    }

    static StopReport install() {
        StopReport r = new StopReport();
        Runtime.getRuntime().addShutdownHook(r.hook);
        return r;
    }

    /**
     * Whether {@code failure} is the running round ended by the JVM's stop. Spark's hook may
     * stop the context before this one runs, so a failure that says Spark was shut down waits a
     * moment for the stop to show.
     */
    boolean endedByStop(Throwable failure) {
        if (stopping) {
            return true;
        }
        boolean shutDown = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            shutDown |= m.contains("shut down") || m.contains("shutdown") || m.contains("stopped SparkContext");
        }
        for (int i = 0; shutDown && !stopping && i < 40; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return stopping;
    }

    /** The driver is done (it has reported the stop, or finished): the JVM may stop. */
    void done() {
        reported.countDown();
        if (!stopping) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the stop began just now: the hook returns at once, the latch being open
            }
        }
    }
}
