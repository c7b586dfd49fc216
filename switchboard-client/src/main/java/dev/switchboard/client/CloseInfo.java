package dev.switchboard.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a connection ended.
 *
 * @param code     the WebSocket close code (long-poll uses phoenix.js's: 1005 timeout, 1008
 *                 forbidden, 1011 server error, 3410 session gone); 1006 when the connection
 *                 failed or dropped without a close frame
 * @param reason   the close reason, possibly empty
 * @param byClient true when this client closed it: {@code disconnect()}, a heartbeat timeout, an
 *                 undecodable frame, a long-poll fallback
 */
public record CloseInfo(int code, String reason, boolean byClient) {

    /**
     * A reconnect delay the server asked for. No Phoenix server sends one today, so this is always
     * empty; it is the single place to parse one (for example from the close reason) once a server
     * does, and the socket already adds it to the next backoff delay (see {@link Backoff#delay(int, Duration)}).
     */
    public Optional<Duration> reconnectHint() {
        return Optional.empty();
    }
}
