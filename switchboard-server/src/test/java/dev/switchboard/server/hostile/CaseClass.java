package dev.switchboard.server.hostile;

/**
 * Every class of hostile input the suite generates, the layer it attacks, how many cases the
 * quick profile runs, and the one answer the server must give each of them. "Reused" classes run
 * many cases on one connection (the answer keeps it open); the others open a fresh raw TCP
 * connection per case.
 */
enum CaseClass {
    // ---- HTTP, before or instead of the upgrade (fresh connection each) ----
    HTTP_GARBAGE_REQUEST_LINE("http", "random bytes ending in CRLFCRLF as the request", Answer.http(400), 900, false),
    HTTP_HUGE_HEADER("http", "one header line of 9-40 KiB", Answer.http(400), 700, false),
    HTTP_HUGE_URI("http", "request target of 5-40 KiB", Answer.http(400), 500, false),
    HTTP_BAD_METHOD("http", "random non-GET method on /socket/websocket", Answer.http(400), 800, false),
    HTTP_NON_GET_UPGRADE("http", "POST/PUT/DELETE/... with full upgrade headers", Answer.http(400), 600, false),
    HTTP_TRUNCATED("http", "a prefix of an upgrade request, then half-close", Answer.eof(), 900, false),
    WS_MISSING_KEY("http", "upgrade without Sec-WebSocket-Key", Answer.http(400), 500, false),
    WS_BAD_VERSION("http", "Sec-WebSocket-Version other than 13/8/7", Answer.http(426), 600, false),
    WS_NO_UPGRADE_HEADER("http", "GET /socket/websocket without Upgrade: websocket", Answer.http(400), 500, false),
    WS_BAD_VSN("http", "vsn query parameter not 1.0.x/2.0.x", Answer.http(403), 600, false),
    WS_BAD_SUBPROTOCOL("http", "Sec-WebSocket-Protocol without \"phoenix\"", Answer.http(403), 400, false),
    WS_FOREIGN_ORIGIN("http", "Origin of another host (default same-host policy)", Answer.http(403), 400, false),
    HTTP_UNKNOWN_PATH("http", "random path outside the mounts", Answer.http(404), 500, false),

    // ---- WebSocket framing after a good upgrade (fresh connection each) ----
    FRAME_UNMASKED("frame", "client data frame without mask", Answer.close(1002), 700, false),
    FRAME_RSV_BITS("frame", "RSV1/2/3 set (no extension negotiated)", Answer.close(1002), 700, false),
    FRAME_BAD_OPCODE("frame", "opcode 3-7 or 0xB-0xF", Answer.close(1002), 900, false),
    FRAME_FRAGMENTED_CONTROL("frame", "ping/pong/close with FIN clear", Answer.close(1002), 500, false),
    FRAME_BIG_CONTROL("frame", "control frame with 126+ byte payload", Answer.close(1002), 500, false),
    FRAME_BAD_UTF8("frame", "text frame with invalid UTF-8", Answer.close(1007), 900, false),
    FRAME_OVERSIZED_LENGTH("frame", "length field above maxFrameBytes (64 KiB)", Answer.close(1009), 700, false),
    FRAME_NEGATIVE_LENGTH("frame", "64-bit length with the top bit set", Answer.close(1002), 300, false),
    FRAME_TRUNCATED("frame", "a frame cut short, then half-close", Answer.eof(), 700, false),
    FRAME_ORPHAN_CONTINUATION("frame", "continuation frame with no message started", Answer.close(1002), 500, false),
    FRAME_INTERLEAVED_DATA("frame", "new data frame inside a fragmented message", Answer.close(1002), 500, false),

    // ---- Phoenix messages that are fatal for the connection (fresh connection each) ----
    MSG_INVALID_JSON("message", "truncated or corrupted V2 JSON", Answer.close(1011), 1500, false),
    MSG_WRONG_SHAPE("message", "V2 JSON of the wrong shape: arity, types, objects, scalars", Answer.close(1011), 1500, false),
    MSG_V1_MISSING_KEYS("message", "V1 object without a required key", Answer.close(1011), 400, false),
    BINARY_JUNK("message", "V2 binary: kind != 0, short header, lengths past the end", Answer.close(1011), 1500, false),

    // ---- Phoenix messages answered on an open connection (reused) ----
    MSG_UNKNOWN_TOPIC("message", "event for a topic never joined (random topic/event/payload/ref)",
            Answer.reply("error", "unmatched topic"), 32_000, true),
    MSG_JOIN_UNROUTED("message", "phx_join for a topic no channel pattern matches",
            Answer.reply("error", "unmatched topic"), 4_000, true),
    MSG_UNKNOWN_EVENT("message", "unknown event on a joined room:* channel",
            Answer.reply("error", "unknown event"), 22_000, true),
    MSG_OVERSIZED_FIELD("message", "topic/event/ref of 1-20 KiB (under maxFrameBytes)",
            Answer.reply("error", "unmatched topic"), 3_000, true),
    MSG_JUNK_HEARTBEAT("message", "heartbeat with any payload and extra array elements",
            Answer.reply("ok", null), 5_000, true),
    BINARY_UNKNOWN_TOPIC("message", "well-formed binary push to a topic never joined",
            Answer.reply("error", "unmatched topic"), 5_000, true),

    // ---- Long-poll ----
    LP_BAD_TOKEN_POST("longpoll", "POST with a forged/garbled token (reused)", Answer.longPoll(410), 5_000, true),
    LP_BAD_VSN_GET("longpoll", "GET with an unsupported vsn (reused)", Answer.longPoll(403), 3_000, true),
    LP_BAD_NDJSON("longpoll", "ndjson POST with a malformed JSON line", Answer.http(400), 900, false),
    LP_BAD_BASE64("longpoll", "ndjson POST with a non-base64 line", Answer.http(400), 900, false),
    LP_BAD_BINARY_LINE("longpoll", "ndjson POST with base64 of a malformed binary frame", Answer.http(400), 500, false),
    LP_WRONG_METHOD("longpoll", "PUT/DELETE/PATCH/random method", Answer.http(400), 600, false),
    LP_BAD_QUERY("longpoll", "malformed percent-encoding in the query", Answer.http(400), 300, false),
    LP_BODY_TOO_LARGE("longpoll", "Content-Length above maxHttpBodyBytes (64 KiB)", Answer.http(413), 300, false);

    final String layer;
    final String input;
    final String expected;
    final int quickCount;
    final boolean reused;

    CaseClass(String layer, String input, String expected, int quickCount, boolean reused) {
        this.layer = layer;
        this.input = input;
        this.expected = expected;
        this.quickCount = quickCount;
        this.reused = reused;
    }
}
