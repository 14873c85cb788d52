package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;

/** One request and its response: read the body within a limit, answer with JSON or an API error. */
final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** The whole body, refused with 413 when it is longer than {@code max} bytes. */
    byte[] body(int max) throws IOException {
        long declared = request.getLength();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw tooLarge(max);
            }
            return b;
        }
    }

    private static ApiError tooLarge(int max) {
        return ApiError.status(413, "request_too_large", "the request body is larger than this server's limit of " + max + " bytes");
    }

    void json(int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, Json.write(body), callback);
    }

    void text(int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        Content.Sink.write(response, true, body, callback);
    }

    void error(ApiError e) {
        if (e.retryAfterSeconds > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(e.retryAfterSeconds));
        }
        json(e.status, e.toJson());
    }
}
