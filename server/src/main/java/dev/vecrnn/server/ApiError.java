package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server refuses, with the HTTP status and the fields of the OpenAI API's error
 * object: {@code {"error": {"message", "type", "param", "code"}}}. Thrown anywhere while a request
 * is handled and turned into that JSON by {@link Router}; never carries a stack trace to the client.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String param;
    final String code;
    /** Seconds for a Retry-After header, or 0 for none. */
    final int retryAfterSeconds;

    private ApiError(int status, String type, String message, String param, String code, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 about the request parameter {@code param} (null when the request as a whole is wrong). */
    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", message, param, null, 0);
    }

    /** 400 with an error code beside the parameter, e.g. {@code model_not_found}. */
    static ApiError invalid(String param, String code, String message) {
        return new ApiError(400, "invalid_request_error", message, param, code, 0);
    }

    static ApiError status(int status, String code, String message) {
        return new ApiError(status, "invalid_request_error", message, null, code, 0);
    }

    /** 429: every generation slot and queue place is taken; try again after {@code seconds}. */
    static ApiError busy(String message, int seconds) {
        return new ApiError(429, "rate_limit_error", message, null, "rate_limit_exceeded", seconds);
    }

    static ApiError internal() {
        return new ApiError(500, "server_error", "the server failed to handle this request; it keeps serving others",
                null, null, 0);
    }

    /** {@code {"error": {...}}} */
    ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", getMessage());
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }
}
