package dev.switchboard.socket;

import java.util.Map;

/** The application's answer to a connect attempt. */
public sealed interface ConnectResult {

    /** Accept with no assigns and no socket id. */
    static ConnectResult accept() {
        return new Accepted(Map.of(), null);
    }

    /** Accept; {@code assigns} are copied into every channel of the connection. */
    static ConnectResult accept(Map<String, Object> assigns) {
        return new Accepted(assigns, null);
    }

    /**
     * Accept and name the connection: every connection with the same id can later be
     * disconnected at once (for example when the user logs out everywhere).
     */
    static ConnectResult accept(Map<String, Object> assigns, String id) {
        return new Accepted(assigns, id);
    }

    /** Refuse: HTTP 403 for a WebSocket upgrade, {@code {"status":403}} for long-poll. */
    static ConnectResult refuse() {
        return new Refused(403);
    }

    /** Refuse with a specific HTTP status (e.g. 429 when rate-limited). */
    static ConnectResult refuse(int httpStatus) {
        return new Refused(httpStatus);
    }

    record Accepted(Map<String, Object> assigns, String id) implements ConnectResult {
        public Accepted {
            assigns = assigns == null ? Map.of() : Map.copyOf(assigns);
        }
    }

    record Refused(int httpStatus) implements ConnectResult {
        public Refused {
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("refusal status must be 4xx or 5xx: " + httpStatus);
            }
        }
    }
}
