package dev.switchboard.bridge.websocketd;

import dev.switchboard.bridge.process.ExitStatus;

/**
 * Every WebSocket close code this server sends, in one place. websocketd itself sends none: it
 * drops the TCP connection, which browsers report as 1006. Here a client learns why.
 *
 * <table>
 *   <caption>Close codes</caption>
 *   <tr><th>code</th><th>reason text</th><th>when</th></tr>
 *   <tr><td>1000</td><td>{@code program exited}</td><td>the program exited with status 0</td></tr>
 *   <tr><td>1011</td><td>{@code program exited with status N}</td><td>the program exited with
 *       another status, or was ended by a signal (status 128 + signal)</td></tr>
 *   <tr><td>1009</td><td>{@code message larger than N bytes}</td><td>an inbound message over
 *       {@code --maxframesize}</td></tr>
 *   <tr><td>1009</td><td>{@code program output line longer than N bytes}</td><td>an output line over
 *       {@code --maxlinesize} (the program is stopped)</td></tr>
 *   <tr><td>1009</td><td>{@code line longer than the terminal's 4095-byte limit}</td><td>with
 *       {@code --pty}, an inbound line a terminal cannot take</td></tr>
 *   <tr><td>1008</td><td>{@code program is not reading its input}</td><td>more unread input queued
 *       than the stdin queue holds, even though the connection stopped reading</td></tr>
 *   <tr><td>1001</td><td>{@code server shutting down}</td><td>the server is stopping</td></tr>
 * </table>
 */
public record CloseCodes(int code, String reason) {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    public static final int PROGRAM_FAILED = 1011;

    public static final CloseCodes SHUTTING_DOWN = new CloseCodes(GOING_AWAY, "server shutting down");
    public static final CloseCodes NOT_READING = new CloseCodes(POLICY, "program is not reading its input");
    public static final CloseCodes PTY_LINE_TOO_LONG = new CloseCodes(TOO_BIG, "line longer than the terminal's 4095-byte limit");

    /** 1000 for status 0, else 1011 naming the status. */
    public static CloseCodes exited(int status) {
        return status == 0 ? new CloseCodes(NORMAL, "program exited")
                : new CloseCodes(PROGRAM_FAILED, "program exited with " + ExitStatus.describe(status));
    }

    public static CloseCodes messageTooBig(int max) {
        return new CloseCodes(TOO_BIG, "message larger than " + max + " bytes");
    }

    public static CloseCodes outputLineTooLong(int max) {
        return new CloseCodes(TOO_BIG, "program output line longer than " + max + " bytes");
    }
}
