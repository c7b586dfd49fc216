package dev.switchboard.bridge.channel;

/** What a bridged program reads and writes, one line at a time. */
public enum LineFormat {
    /**
     * JSON lines (the default). Each client push reaches stdin as
     * {@code {"event":E,"payload":P,"ref":R}}; each stdout line is a JSON object: a reply
     * {@code {"reply":R,"status":"ok","response":{...}}}, a push {@code {"push":E,"payload":{...}}},
     * a broadcast {@code {"broadcast":E,"payload":{...}}}, or any other object, sent as event
     * {@code data} with the object as its payload.
     */
    JSON,
    /**
     * Plain text lines, for programs that know nothing of JSON ({@code bc}, {@code tail -f}). A
     * client push's {@code payload.line} reaches stdin as a line (the push is answered {@code ok});
     * each stdout line is sent as event {@code line} with payload {@code {"line": TEXT}}.
     */
    LINES
}
