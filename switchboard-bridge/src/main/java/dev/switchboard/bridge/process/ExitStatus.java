package dev.switchboard.bridge.process;

/**
 * Words for a program's exit status as the JDK reports it: a normal exit's code, or 128 + the
 * signal number for a program ended by a signal.
 */
public final class ExitStatus {
    private ExitStatus() {}

    /** e.g. {@code status 0}, {@code status 3}, {@code status 143 (SIGTERM)}. */
    public static String describe(int status) {
        String signal = status > 128 && status <= 128 + 31 ? signalName(status - 128) : null;
        return signal == null ? "status " + status : "status " + status + " (" + signal + ")";
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
