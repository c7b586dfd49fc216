package dev.switchboard.client;

import dev.switchboard.protocol.ReconnectHint;
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
     * The reconnect window the server asked for: a close reason ending with
     * {@code reconnect within <N> ms} (a draining Switchboard node sends it). The socket then
     * reconnects after a random delay within the window instead of its own backoff (see
     * {@link Backoff#delay(int, Duration)}). Empty for other reasons and for closes by this client.
     */
    public Optional<Duration> reconnectHint() {
        return byClient ? Optional.empty() : ReconnectHint.parse(reason);
    }
}
