package dev.switchboard.protocol;

/** Every reserved name and protocol-level limit, in one place. */
public final class Protocol {
    private Protocol() {}

    /** Topic reserved for socket-level control messages (heartbeats). */
    public static final String PHOENIX_TOPIC = "phoenix";

    public static final String JOIN = "phx_join";
    public static final String LEAVE = "phx_leave";
    public static final String REPLY = "phx_reply";
    public static final String ERROR = "phx_error";
    public static final String CLOSE = "phx_close";
    public static final String HEARTBEAT = "heartbeat";

    public static final String STATUS_OK = "ok";
    public static final String STATUS_ERROR = "error";

    /** Reason sent with {@code phx_error} when a channel crashes (Phoenix 1.8.10+). */
    public static final String REASON_CHANNEL_CRASH = "channel_crash";
    public static final String REASON_UNMATCHED_TOPIC = "unmatched topic";
    public static final String REASON_TOO_MANY_CHANNELS = "too many channels joined";
    public static final String REASON_JOIN_RATE = "join rate limit exceeded";
    public static final String REASON_JOIN_CRASHED = "join crashed";
    /** A join refused because the server is draining: its connections are about to move elsewhere. */
    public static final String REASON_DRAINING = "server draining";

    /** Query parameter carrying the protocol version; absent means {@link #VSN_1}. */
    public static final String VSN_PARAM = "vsn";
    public static final String VSN_1 = "1.0.0";
    public static final String VSN_2 = "2.0.0";

    /** The subprotocol answered when a client offers it (always offered by phoenix.js with an auth token). */
    public static final String SUBPROTOCOL = "phoenix";
    /** Prefix of the subprotocol entry that carries the auth token (standard base64 despite the name). */
    public static final String AUTH_TOKEN_PREFIX = "base64url.bearer.phx.";

    /** Binary frame kinds (first byte). */
    public static final byte KIND_PUSH = 0;
    public static final byte KIND_REPLY = 1;
    public static final byte KIND_BROADCAST = 2;

    /** Every length field of the binary format is one unsigned byte. */
    public static final int MAX_BINARY_FIELD_BYTES = 255;
}
