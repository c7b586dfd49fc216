package dev.switchboard.socket;

/**
 * Why the server closes a connection: a WebSocket close code and a short reason text. Every
 * close the server initiates uses one of these.
 *
 * <p>Never 1000: phoenix.js before 1.8.16 does not reconnect after a normal closure, so every
 * server-initiated close uses a code after which clients come back.
 */
public record CloseReason(int code, String reason) {

    /** Idle timeout: no frame received within the socket's idle timeout. */
    public static final CloseReason IDLE_TIMEOUT = new CloseReason(1001, "idle timeout");
    /** The application asked all connections of a socket id to disconnect. */
    public static final CloseReason DISCONNECT = new CloseReason(1001, "disconnected by server");
    /** The client broke the WebSocket protocol. */
    public static final CloseReason PROTOCOL_ERROR = new CloseReason(1002, "protocol error");
    /** A message larger than the configured maximum. */
    public static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big");
    /** The server is restarting or shutting down; reconnect (elsewhere). */
    public static final CloseReason SERVICE_RESTART = new CloseReason(1012, "server restarting");
    /** The client cannot keep up with its outbound messages. */
    public static final CloseReason SLOW_CONSUMER = new CloseReason(1013, "slow consumer: outbound buffer full");

    public CloseReason {
        if (code == 1000) {
            throw new IllegalArgumentException("close code 1000 stops older phoenix.js clients from reconnecting");
        }
        if (reason == null) {
            reason = "";
        }
    }

    /**
     * An undecodable or invalid message (1011, as Phoenix). The reason names the problem; it is
     * cut to fit the 123-byte limit of a close frame.
     */
    public static CloseReason invalidMessage(String detail) {
        return new CloseReason(1011, truncate("invalid message: " + detail));
    }

    /** A message over a limit (1009), naming the limit. */
    public static CloseReason tooBig(String detail) {
        return new CloseReason(1009, truncate(detail));
    }

    /** Close reasons must fit a control frame: at most 123 bytes of UTF-8. */
    static String truncate(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= 123) {
            return text;
        }
        String cut = new String(utf8, 0, 120, java.nio.charset.StandardCharsets.UTF_8);
        // Drop a possibly split last character.
        if (!cut.isEmpty() && cut.charAt(cut.length() - 1) == '\uFFFD') {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }
}
