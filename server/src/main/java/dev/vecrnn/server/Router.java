package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.PrintStream;

/**
 * Sends each request to its endpoint, and turns whatever goes wrong into the API's error JSON:
 * an {@link ApiError} as it says, anything else as a 500 without a stack trace (which goes to the
 * server's log instead), so that no request can take the server down or see its insides.
 */
final class Router extends Handler.Abstract {
    /** The playground page: pick a model, type a prompt, watch the text arrive. */
    private static final String PLAYGROUND = Resources.text("playground.html");
    private final CompletionsEndpoint completions;
    private final ModelsEndpoint models;
    private final ServerMetrics metrics;
    private final PrintStream log;

    Router(CompletionsEndpoint completions, ModelsEndpoint models, ServerMetrics metrics, PrintStream log) {
        this.completions = completions;
        this.models = models;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String route = route(path);
        metrics.requestStarted();
        Callback counted = Callback.from(callback, () -> metrics.requestEnded(route, response.getStatus(), System.nanoTime() - start));
        Exchange ex = new Exchange(request, response, counted);
        try {
            dispatch(ex, request.getMethod(), path, route);
        } catch (ApiError e) {
            respondError(ex, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respondError(ex, ApiError.status(503, "shutting_down", "the server is shutting down"));
        } catch (Throwable t) {
            log.println("vecrnn serve: internal error on " + request.getMethod() + " " + route + ": " + t);
            respondError(ex, ApiError.internal());
        }
        return true;
    }

    private void dispatch(Exchange ex, String method, String path, String route) throws Exception {
        switch (route) {
            case "/v1/completions":
                allow(method, "POST");
                completions.handle(ex);
                return;
            case "/v1/models":
                allow(method, "GET");
                ex.json(200, models.list());
                return;
            case "/v1/models/{id}":
                allow(method, "GET");
                ex.json(200, models.one(java.net.URLDecoder.decode(path.substring("/v1/models/".length()),
                        java.nio.charset.StandardCharsets.UTF_8)));
                return;
            case "/":
                allow(method, "GET");
                ex.text(200, "text/html; charset=utf-8", PLAYGROUND);
                return;
            case "/health":
                allow(method, "GET");
                ObjectNode ok = Json.MAPPER.createObjectNode();
                ok.put("status", "ok");
                ex.json(200, ok);
                return;
            case "/metrics":
                allow(method, "GET");
                ex.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                return;
            default:
                throw ApiError.status(404, "not_found", "no such endpoint: " + Text.quote(path, 100)
                        + "; this server has the playground at /, POST /v1/completions, GET /v1/models, GET /health and GET /metrics");
        }
    }

    /** The path as metrics name it (a bounded set, whatever clients send). */
    static String route(String path) {
        if (path == null) {
            return "other";
        }
        switch (path) {
            case "/":
            case "/v1/completions":
            case "/v1/models":
            case "/health":
            case "/metrics":
                return path;
            default:
                return path.startsWith("/v1/models/") && path.length() > "/v1/models/".length() ? "/v1/models/{id}" : "other";
        }
    }

    private static void allow(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw ApiError.status(405, "method_not_allowed", method.length() > 20 ? "this method is not allowed here"
                    : method + " is not allowed here; use " + allowed);
        }
    }

    private void respondError(Exchange ex, ApiError e) {
        if (ex.response.isCommitted()) {
            // a stream already started: nothing can be said in its status any more
            ex.callback.failed(e);
        } else {
            ex.error(e);
        }
    }
}
