package dev.switchboard.socket;

import dev.switchboard.protocol.ReconnectHint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a connection ended: a WebSocket close code, a short reason text the client sees, and the
 * {@link Cause} it is counted under ({@code switchboard_connections_closed_total{reason=…}}).
 * Every close the server initiates uses one of the constants or factories here, so each way a
 * connection can end is named once.
 *
 * <p>Never 1000: phoenix.js before 1.8.16 does not reconnect after a normal closure, so every
 * server-initiated close uses a code after which clients come back.
 *
 * @param code   the WebSocket close code (long-poll sessions have none on the wire; the code still
 *               documents the kind of end)
 * @param reason at most 123 bytes of UTF-8 (a close frame's limit), cut with "..." when longer
 * @param cause  what the close is counted as
 */
public record CloseReason(int code, String reason, Cause cause) {

    /** Every way a connection ends, as counted in metrics (label: the lower-case name). */
    public enum Cause {
        /** No frame received within the socket's idle timeout (1001). */
        IDLE_TIMEOUT,
        /** The application disconnected the socket id (1001). */
        DISCONNECTED,
        /** A long-poll session was not polled within its lifetime. */
        SESSION_EXPIRED,
        /** The client broke the WebSocket protocol (1002). */
        PROTOCOL_ERROR,
        /** A message over the size limit (1009). */
        OVERSIZED,
        /** A message that is not a valid Phoenix message (1011). */
        UNDECODABLE,
        /** The server failed; the connection could not continue (1011). */
        INTERNAL_ERROR,
        /** The server is shutting down or draining (1012). */
        SHUTDOWN,
        /** The server drained its connections so that clients move to another node (1012). */
        DRAINED,
        /** The client did not read its messages fast enough: too many unsent bytes (1013). */
        SLOW_CONSUMER,
        /** The client did not read its messages fast enough: its oldest unsent message got too old (1013). */
        SLOW_CONSUMER_AGE,
        /** Refused before it was established: origin, version, the app's connect, a limit. */
        REFUSED,
        /** The client closed it (close frame). */
        CLIENT_CLOSED,
        /** The TCP connection dropped without a close handshake. */
        CONNECTION_LOST;

        /** The metric label: {@code idle_timeout}, {@code slow_consumer}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Idle timeout: no frame received within the socket's idle timeout. */
    public static final CloseReason IDLE_TIMEOUT = new CloseReason(1001, "idle timeout", Cause.IDLE_TIMEOUT);
    /** The application asked all connections of a socket id to disconnect. */
    public static final CloseReason DISCONNECT = new CloseReason(1001, "disconnected by server", Cause.DISCONNECTED);
    /** A long-poll session that was not polled within its lifetime. */
    public static final CloseReason SESSION_EXPIRED =
            new CloseReason(1001, "long-poll session expired", Cause.SESSION_EXPIRED);
    /** A message larger than the configured maximum; {@link #tooBig} names the limit. */
    public static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big", Cause.OVERSIZED);
    /** An unexpected server error on this connection. */
    public static final CloseReason INTERNAL_ERROR = new CloseReason(1011, "internal error", Cause.INTERNAL_ERROR);
    /** The server is restarting or shutting down; reconnect (elsewhere). */
    public static final CloseReason SERVICE_RESTART = new CloseReason(1012, "server restarting", Cause.SHUTDOWN);
    /** The client cannot keep up with its outbound messages; it may reconnect (and recover). */
    public static final CloseReason SLOW_CONSUMER =
            new CloseReason(1013, "slow consumer: outbound buffer full", Cause.SLOW_CONSUMER);

    public CloseReason {
        Objects.requireNonNull(cause, "cause");
        if (code == 1000) {
            throw new IllegalArgumentException("close code 1000 stops older phoenix.js clients from reconnecting");
        }
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code must be 1001-4999: " + code);
        }
        reason = truncate(reason == null ? "" : reason);
    }

    /**
     * An undecodable or invalid message (1011, as Phoenix). The reason names the problem; it is
     * cut to fit the 123-byte limit of a close frame.
     */
    public static CloseReason invalidMessage(String detail) {
        return new CloseReason(1011, "invalid message: " + detail, Cause.UNDECODABLE);
    }

    /** A message over a limit (1009), naming the limit. */
    public static CloseReason tooBig(String detail) {
        return new CloseReason(1009, detail, Cause.OVERSIZED);
    }

    /** A text message that is not valid UTF-8 (1007, RFC 6455 §8.1). */
    public static CloseReason invalidUtf8() {
        return new CloseReason(1007, "text message is not valid UTF-8", Cause.UNDECODABLE);
    }

    /** A broken WebSocket protocol rule (1002), naming it. */
    public static CloseReason protocolError(String detail) {
        return new CloseReason(1002, detail, Cause.PROTOCOL_ERROR);
    }

    /** A slow consumer (1013), naming the bound it passed. */
    public static CloseReason slowConsumer(String detail) {
        return new CloseReason(1013, "slow consumer: " + detail, Cause.SLOW_CONSUMER);
    }

    /**
     * A slow consumer whose oldest unsent message passed the age bound (1013, like the byte
     * bound, so clients reconnect; the reason and the metric label tell the two apart).
     */
    public static CloseReason slowConsumerAge(String detail) {
        return new CloseReason(1013, "slow consumer: " + detail, Cause.SLOW_CONSUMER_AGE);
    }

    /**
     * The server is draining: reconnect, and the balancer (which already took this node out of
     * rotation) sends the client to another node. The reason ends with a reconnect hint,
     * {@code server draining: reconnect within 2000 ms}: a client that understands it waits a uniformly random delay in {@code [0, window]}
     * before reconnecting, so one batch of closes reaches the other nodes spread over the window
     * instead of in the same millisecond; other clients read "reconnect" and do so.
     */
    public static CloseReason draining(Duration window) {
        return new CloseReason(1012, "server draining: " + ReconnectHint.format(window), Cause.DRAINED);
    }

    /** Close reasons must fit a control frame: at most 123 bytes of UTF-8. */
    static String truncate(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 123) {
            return text;
        }
        String cut = new String(utf8, 0, 120, StandardCharsets.UTF_8);
        // Drop a possibly split last character.
        if (!cut.isEmpty() && cut.charAt(cut.length() - 1) == '\uFFFD') {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }
}
