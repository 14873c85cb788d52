package dev.vecrnn.server;

import dev.vecrnn.api.VecrnnException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An OpenAI-compatible completion server for vecrnn models on Jetty 12: {@code POST /v1/completions},
 * {@code GET /v1/models}, {@code GET /health}, {@code GET /metrics}. One loaded model serves every
 * request at once (each generation has its own state); {@link ServerLimits} bounds what clients may ask.
 *
 * <pre>{@code
 * try (CompletionServer s = CompletionServer.start(ServedModels.load(List.of(file)), ServerLimits.defaults(),
 *         "127.0.0.1", 8080, System.err)) {
 *     s.join();
 * }
 * }</pre>
 */
public final class CompletionServer implements AutoCloseable {
    /** How often a stop closes again the connections that turned idle since (see BusyConnections). */
    private static final Duration IDLE_SWEEP = Duration.ofMillis(100);
    private final Server server;
    private final ServerConnector connector;
    private final CompletionsEndpoint completions;
    private final ServerLimits limits;
    private final TokenScheduler tokens;
    private final BusyConnections busy;

    private CompletionServer(Server server, ServerConnector connector, CompletionsEndpoint completions, ServerLimits limits,
                             TokenScheduler tokens, BusyConnections busy) {
        this.tokens = tokens;
        this.busy = busy;
        this.server = server;
        this.connector = connector;
        this.completions = completions;
        this.limits = limits;
    }

    /**
     * Starts serving {@code models} on {@code host}:{@code port} (0: any free port); problems are
     * logged to {@code log}, never shown to clients.
     *
     * @throws VecrnnException if the address cannot be bound
     */
    public static CompletionServer start(ServedModels models, ServerLimits limits, String host, int port, PrintStream log) {
        // a request waiting for a generation slot holds a thread, a few more serve the rest; running
        // completions hold none (they take turns on the token workers)
        QueuedThreadPool pool = new QueuedThreadPool(limits.queuedGenerations() + 32, 8);
        pool.setName("vecrnn-serve");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new UninterruptedConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        // on stop, idle connections are closed at once (BusyConnections); the rest keep the whole grace, not Jetty's 1 s
        connector.setShutdownIdleTimeout(Math.max(1, limits.shutdownGrace().toMillis()));
        server.addConnector(connector);
        GenerationSlots slots = new GenerationSlots(limits.concurrentGenerations(), limits.queuedGenerations(), limits.queueWait());
        ServerMetrics metrics = new ServerMetrics(slots);
        // one token-drawing thread per core: more would only take turns on the same cores
        TokenScheduler tokens = new TokenScheduler(Runtime.getRuntime().availableProcessors());
        CompletionsEndpoint completions = new CompletionsEndpoint(models, limits, slots, metrics, tokens, log);
        BusyConnections busy = new BusyConnections();
        Router router = new Router(completions, new ModelsEndpoint(models), metrics, busy, log);
        server.setHandler(new GracefulHandler(router));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(limits.shutdownGrace().toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            tokens.close();
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start; nothing to stop
            }
            throw new VecrnnException("cannot serve on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another server using the port? try another --port)", e);
        }
        return new CompletionServer(server, connector, completions, limits, tokens, busy);
    }

    /** The port served, the one chosen when 0 was asked for. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops accepting, closes the connections without a request in flight and keeps closing them
     * until stopped (idle keep-alive ones, and those that turn idle during the stop, would
     * otherwise hold their clients and the stop until Jetty's idle timeout), lets running requests
     * finish within the shutdown grace, then ends the generations still running (a stream's client sees
     * it end without {@code [DONE]}) and stops.
     */
    @Override
    public void close() {
        completions.haltAfter(limits.shutdownGrace().toNanos());
        // the same shutdown that server.stop() starts; started here so that no connection opens after the idle ones close
        connector.shutdown();
        Runnable stopSweeping = busy.closeIdleUntilStopped(connector, IDLE_SWEEP);
        try {
            server.stop();
        } catch (TimeoutException e) {
            // the grace passed with requests still running: they were ended, and the server stopped all the same
        } catch (Exception e) {
            throw new VecrnnException("the server did not stop cleanly: " + e.getMessage(), e);
        } finally {
            stopSweeping.run();
            tokens.close();
        }
    }
}
