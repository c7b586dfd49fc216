package dev.switchboard.server.hostile;

/**
 * What the server answered one hostile case, in one comparable string: {@code http 400},
 * {@code close 1002}, {@code reply error unmatched topic}, {@code lp 410}, {@code eof}, … The
 * special integer statuses below stand for "no proper answer" in the raw readers.
 */
final class Answer {
    /** The connection ended without a status line or close frame. */
    static final int EOF = -1;
    /** Nothing within {@link RawConn#READ_TIMEOUT_MS}: a hang. */
    static final int TIMEOUT = -2;
    /** Bytes that are not a response. */
    static final int GARBLED = -3;
    /** A close frame without a status code. */
    static final int NO_STATUS = 1005;

    private Answer() {}

    static String http(int status) {
        return special(status, "http " + status);
    }

    static String close(int code) {
        return special(code, "close " + code);
    }

    static String longPoll(int status) {
        return "lp " + status;
    }

    static String reply(String status, String reason) {
        return "reply " + status + (reason == null ? "" : " " + reason);
    }

    static String eof() {
        return "eof";
    }

    private static String special(int value, String normal) {
        return switch (value) {
            case EOF -> "eof";
            case TIMEOUT -> "timeout";
            case GARBLED -> "garbled";
            default -> normal;
        };
    }
}
