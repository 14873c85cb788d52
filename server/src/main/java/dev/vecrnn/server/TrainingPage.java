package dev.vecrnn.server;

import dev.vecrnn.api.TrainingListener;
import dev.vecrnn.api.VecrnnException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.util.Map;

/**
 * The live training page ({@code vecrnn train --serve PORT}): a page that polls the run's state
 * and draws the training and validation loss with uPlot (vendored, MIT), the progress with
 * tokens/s and time left, the latest samples and the settings. It is the run's
 * {@link #listener()}, and keeps serving after the run ends until it is closed.
 */
public final class TrainingPage implements AutoCloseable {
    private static final String PAGE = Resources.text("training.html");
    private static final String UPLOT_JS = Resources.text("vendor/uplot/uPlot.iife.min.js");
    private static final String UPLOT_CSS = Resources.text("vendor/uplot/uPlot.min.css");
    private static final String UPLOT_LICENSE = Resources.text("vendor/uplot/LICENSE");

    private final Server server;
    private final ServerConnector connector;
    private final TrainingProgress progress = new TrainingProgress();

    private TrainingPage(String host, int port) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("vecrnn-training-page");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new UninterruptedConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Pages());
        server.setErrorHandler(new JsonErrorHandler());
    }

    /**
     * Serves the page on {@code host}:{@code port} (0: any free port).
     *
     * @throws VecrnnException if the address cannot be bound
     */
    public static TrainingPage start(String host, int port) {
        TrainingPage p = new TrainingPage(host, port);
        try {
            p.server.start();
        } catch (Exception e) {
            p.close();
            throw VecrnnException.about("cannot serve the training page on " + host + ":" + port + ": " + e.getMessage()
                    + " (is the port in use? give another {serve} port)", "serve");
        }
        return p;
    }

    /** Where the page is. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    /** Hears the run's events; give it to {@code Training.Builder.listener}. */
    public TrainingListener listener() {
        return progress;
    }

    /** The run's name and settings, shown beside the chart. */
    public void describe(String title, Map<String, String> settings) {
        progress.describe(title, settings);
    }

    /** The run ended with {@code status} ("finished", "interrupted", "diverged"). */
    public void ended(String status) {
        progress.ended(status);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a page: nothing left to do about it
        }
    }

    /** The page, its state and the chart library. */
    private final class Pages extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange ex = new Exchange(request, response, callback);
            if (!"GET".equals(request.getMethod())) {
                ex.error(ApiError.status(405, "method_not_allowed", "only GET is served here"));
                return true;
            }
            switch (Request.getPathInContext(request)) {
                case "/":
                    ex.text(200, "text/html; charset=utf-8", PAGE);
                    break;
                case "/state":
                    ex.json(200, progress.state());
                    break;
                case "/vendor/uPlot.iife.min.js":
                    ex.text(200, "text/javascript; charset=utf-8", UPLOT_JS);
                    break;
                case "/vendor/uPlot.min.css":
                    ex.text(200, "text/css; charset=utf-8", UPLOT_CSS);
                    break;
                case "/vendor/uPlot.LICENSE":
                    ex.text(200, "text/plain; charset=utf-8", UPLOT_LICENSE);
                    break;
                default:
                    ex.error(ApiError.status(404, "not_found", "no such page"));
            }
            return true;
        }
    }
}
