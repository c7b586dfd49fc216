package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.process.Executables;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.bridge.process.Program;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code serve --bridge} values: {@code PATTERN[OPTIONS]=COMMAND}.
 *
 * <pre>
 * metrics:*[topic]=python3 metrics.py       one process per topic, JSON lines
 * calc:*[lines]=bc -q                        one process per join, plain lines
 * echo:*=./echo.py                           one process per join, JSON lines (the defaults)
 * logs:app[topic,lines,grace=30s]=tail -F /var/log/app.log
 * </pre>
 *
 * OPTIONS, comma-separated, all optional: {@code join} (default) or {@code topic};
 * {@code json} (default) or {@code lines}; {@code pty}; {@code shell} (COMMAND goes to
 * {@code /bin/sh -c} as it is); {@code max=N} (processes of this pattern at once);
 * {@code rate=N} (output lines per second per process, default 1000); {@code maxline=BYTES}
 * (longest output line, default 1 MiB); {@code grace=DURATION} ({@code 500ms}, {@code 5s},
 * {@code 2m}; per topic, default 5s). COMMAND is split into words like a shell does, without any
 * expansion ({@link CommandLines}).
 */
public final class BridgeSpecs {
    private BridgeSpecs() {}

    /**
     * @param passEnv the server variables the program sees
     * @throws IllegalArgumentException naming what is wrong: the form, an option, or a command
     *                                  that is not an executable on the PATH
     */
    public static ChannelBridge parse(String spec, List<String> passEnv) {
        int open = spec.indexOf('[');
        int eq = spec.indexOf('=');
        String pattern;
        String options = "";
        String command;
        if (open >= 0 && (eq < 0 || open < eq)) {
            int close = spec.indexOf(']', open);
            if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != '=') {
                throw new IllegalArgumentException("expected PATTERN[OPTIONS]=COMMAND, got '" + spec + "'");
            }
            pattern = spec.substring(0, open);
            options = spec.substring(open + 1, close);
            command = spec.substring(close + 2);
        } else {
            if (eq < 0) {
                throw new IllegalArgumentException("expected PATTERN=COMMAND, got '" + spec + "'");
            }
            pattern = spec.substring(0, eq);
            command = spec.substring(eq + 1);
        }
        pattern = pattern.trim();
        command = command.trim();
        if (pattern.isEmpty() || command.isEmpty()) {
            throw new IllegalArgumentException("expected PATTERN[OPTIONS]=COMMAND with both parts, got '" + spec + "'");
        }

        BridgeMode mode = BridgeMode.PER_JOIN;
        LineFormat format = LineFormat.JSON;
        boolean pty = false;
        boolean shell = false;
        int max = 0;
        int rate = ChannelBridge.DEFAULT_LINES_PER_SECOND;
        int maxLine = ChannelBridge.DEFAULT_MAX_LINE_BYTES;
        Duration grace = ChannelBridge.DEFAULT_GRACE;
        for (String raw : options.split(",")) {
            String option = raw.trim();
            if (option.isEmpty()) {
                continue;
            }
            int assign = option.indexOf('=');
            String name = (assign < 0 ? option : option.substring(0, assign)).toLowerCase(Locale.ROOT);
            String value = assign < 0 ? null : option.substring(assign + 1).trim();
            switch (name) {
                case "join" -> mode = BridgeMode.PER_JOIN;
                case "topic" -> mode = BridgeMode.PER_TOPIC;
                case "json" -> format = LineFormat.JSON;
                case "lines" -> format = LineFormat.LINES;
                case "pty" -> pty = true;
                case "shell" -> shell = true;
                case "max" -> max = positive(name, value);
                case "rate" -> rate = positive(name, value);
                case "maxline" -> maxLine = positive(name, value);
                case "grace" -> grace = duration(value);
                default -> throw new IllegalArgumentException("unknown bridge option '" + option
                        + "' (known: join, topic, json, lines, pty, shell, max=N, rate=N, maxline=BYTES,"
                        + " grace=DURATION)");
            }
        }
        if (pty && !Launcher.ptyAvailable()) {
            throw new IllegalArgumentException("option pty needs util-linux 'script', which is not installed");
        }
        List<String> argv = shell ? List.of(command) : CommandLines.split(command);
        if (!shell && Executables.find(argv.get(0)).isEmpty()) {
            throw new IllegalArgumentException("'" + argv.get(0) + "' is not an executable file"
                    + (argv.get(0).contains("/") ? "" : " on the PATH"));
        }
        Program program = Program.builder(argv).shell(shell).pty(pty).passEnv(passEnv).build();
        return new ChannelBridge(pattern, program, mode, format, max, rate, maxLine, grace);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("bridge option " + name + " needs a positive number, as " + name + "=10");
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}; a bare number is seconds. */
    static Duration duration(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("bridge option grace needs a duration, as grace=5s");
        }
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bridge option grace: '" + value + "' is not a duration (500ms, 5s, 2m)");
        }
    }
}
