package dev.switchboard.testsupport.ws;

/**
 * The status of a close frame.
 *
 * @param code   the close code, {@link #NO_STATUS} when the frame carried none
 * @param reason the UTF-8 reason, empty when none
 */
public record CloseStatus(int code, String reason) {
    /** RFC 6455 §7.4.1: what a close frame without a code is reported as. */
    public static final int NO_STATUS = 1005;

    @Override
    public String toString() {
        return code + (reason.isEmpty() ? "" : " " + reason);
    }
}
