package dev.switchboard.server.transport.longpoll;

/** The long-poll wire constants (spec §5), in one place. */
public final class LongPollProtocol {
    private LongPollProtocol() {}

    /** Path suffix after the socket's mount path. */
    public static final String SUFFIX = "/longpoll";
    /** Query parameter carrying the session token (phoenix.js appends it to every request). */
    public static final String TOKEN_PARAM = "token";
    /** Header alternative to {@link #TOKEN_PARAM} (Phoenix ≥ 1.8.10 accepts it; phoenix.js may move to it). */
    public static final String TOKEN_HEADER = "x-phoenix-longpoll-token";
    /** The {@code authToken} of phoenix.js, sent on every GET (never on POST). */
    public static final String AUTH_TOKEN_HEADER = "x-phoenix-authtoken";
    /** POST bodies of this type are one frame per line; any other type is one frame. */
    public static final String NDJSON = "application/x-ndjson";
    /** Only the first this many lines of a POST are processed (Phoenix ≥ 1.8.9, spec §7.4). */
    public static final int MAX_LINES_PER_POST = 100;

    // Statuses carried in the JSON body; the HTTP status is 200.
    public static final int OK = 200;
    public static final int NO_CONTENT = 204;
    public static final int FORBIDDEN = 403;
    /** A POST whose lines the session did not take within the poll window. */
    public static final int TIMEOUT = 408;
    /** On a GET without a (valid) token: a new session, token enclosed. Otherwise: the session is gone. */
    public static final int GONE = 410;
    /** A POST while too many earlier POSTs of the same session still wait (phoenix.js never does this). */
    public static final int TOO_MANY = 429;
    public static final int SERVER_ERROR = 500;
}
