package dev.switchboard.bridge.process;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting: each argument in single quotes, so {@code sh} passes it on unchanged. */
final class ShellQuote {
    private ShellQuote() {}

    static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    static String join(List<String> argv) {
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
