package dev.switchboard.bridge.metrics;

/**
 * Every way the bridge says no, with the tag it is counted under
 * ({@code switchboard_bridge_refusals_total{reason="..."}}). Each refusal is also visible to the
 * client: an HTTP status, a WebSocket close code, or a reply / push with the reason.
 */
public enum Refusal {
    /** The page's Origin is not allowed (HTTP 403). */
    ORIGIN("origin"),
    /** {@code --dir}: no program at that URL path (HTTP 404). */
    NOT_FOUND("not_found"),
    /** {@code --dir}: the file is not an executable regular file (HTTP 403). */
    NOT_EXECUTABLE("not_executable"),
    /** {@code --dir}: a path with {@code ..}, {@code .}, an empty or a NUL segment, or leaving the directory (HTTP 400). */
    BAD_PATH("bad_path"),
    /** The global cap on running programs ({@code --maxforks}, {@code maxProcesses}) is reached (HTTP 429 / join refused). */
    MAX_PROCESSES("max_processes"),
    /** A bridge pattern's own cap on running programs is reached (join refused). */
    PATTERN_MAX_PROCESSES("pattern_max_processes"),
    /** The program could not be started (HTTP 500 / join refused). */
    START_FAILED("start_failed"),
    /** An inbound message over {@code --maxframesize} (close 1009). */
    MESSAGE_TOO_BIG("message_too_big"),
    /** A program's output line over the line cap (close 1009 / {@code bridge_error} push). */
    OUTPUT_LINE_TOO_LONG("output_line_too_long"),
    /** Input the program does not read fast enough exceeded its queue (close 1008 / error reply). */
    STDIN_FULL("stdin_full"),
    /**
     * Input for a program that has closed its stdin (or exited): there is no reader, so it is
     * dropped (counted; websocketd drops it without a trace).
     */
    STDIN_CLOSED("stdin_closed"),
    /** An input line too long for a pseudo-terminal (close 1009 / error reply). */
    PTY_LINE_TOO_LONG("pty_line_too_long"),
    /** A program's output line that is not what its format requires (JSON object) ({@code bridge_error} push). */
    INVALID_OUTPUT("invalid_output"),
    /** A program replied to a ref that is not waiting for a reply ({@code bridge_error} push). */
    UNKNOWN_REF("unknown_ref"),
    /** A client message the program cannot take, e.g. {@code lines} format without a {@code line} string (error reply). */
    INVALID_INPUT("invalid_input"),
    /** A per-topic bridge cannot run its program because no server is attached yet (join refused). */
    NOT_ATTACHED("not_attached");

    private final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code reason} tag. */
    public String tag() {
        return tag;
    }
}
