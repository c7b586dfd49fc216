package dev.switchboard.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * A publish request refused before anything was published: the HTTP status and a reason the
 * caller can act on, answered as {@code {"error": reason}}.
 */
public final class ApiError extends Exception {
    private final HttpResponseStatus status;

    public ApiError(HttpResponseStatus status, String reason) {
        super(reason, null, false, false); // an expected answer, not a failure: no stack trace
        this.status = Objects.requireNonNull(status, "status");
    }

    static ApiError badRequest(String reason) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, reason);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The reason sent to the client. */
    public String reason() {
        return getMessage();
    }
}
