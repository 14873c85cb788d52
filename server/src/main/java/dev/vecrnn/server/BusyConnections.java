package dev.vecrnn.server;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which connections have a request in flight, so that a stop can close the others (idle
 * keep-alive connections) at once instead of waiting for Jetty's idle timeout, while the running
 * requests keep their grace.
 *
 * <p>One pass is not enough: a connection whose request ends during the stop, or one the acceptor
 * took just before it and on which no request came yet, turns idle after the pass and would hold
 * the stop until Jetty's idle timeout (the whole grace); {@link #closeIdleUntilStopped} keeps
 * closing such connections.
 */
final class BusyConnections {
    private final Map<Connection, AtomicInteger> busy = new ConcurrentHashMap<>();

    void begin(Connection c) {
        busy.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet();
    }

    void end(Connection c) {
        busy.computeIfPresent(c, (k, n) -> n.decrementAndGet() == 0 ? null : n);
    }

    /**
     * Closes every connection of {@code connector} without a request in flight; call it after the
     * connector stopped accepting. A request that arrives on one just as it closes is lost the way
     * it would be to any keep-alive timeout: HTTP clients retry it on a new connection.
     */
    private void closeIdle(Connector connector) {
        for (EndPoint ep : connector.getConnectedEndPoints()) {
            Connection c = ep.getConnection();
            if (c != null && !busy.containsKey(c)) {
                ep.close();
            }
        }
    }

    /**
     * Closes the idle connections of {@code connector} now and then every {@code every} on a
     * daemon thread, until the returned {@code Runnable} is run (when the server has stopped).
     */
    Runnable closeIdleUntilStopped(Connector connector, Duration every) {
        closeIdle(connector);
        Thread sweeper = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(every.toMillis());
                    closeIdle(connector);
                }
            } catch (InterruptedException e) {
                // the server stopped
            }
        }, "vecrnn-serve-close-idle");
        sweeper.setDaemon(true);
        sweeper.start();
        return sweeper::interrupt;
    }
}
