package dev.switchboard.bridge.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A program to run for a connection, a join or a topic.
 *
 * @param command   the argv: the executable (a path, or a name looked up on the server's
 *                  {@code PATH}) and its arguments, executed directly, never interpreted by a
 *                  shell; with {@code shell} it is exactly one string for {@code /bin/sh -c}
 * @param shell     run {@code command} through {@code /bin/sh -c} (default false: no shell, so no
 *                  quoting, globbing or injection to think about)
 * @param pty       give the program a pseudo-terminal instead of pipes (default false). Most
 *                  runtimes block-buffer stdout when it is a pipe and line-buffer it on a terminal;
 *                  a terminal makes such a program's lines arrive as it prints them. See
 *                  {@link PtyCommand} for what changes.
 * @param directory working directory, or null for the server's own
 * @param passEnv   names of the server's environment variables the program sees (default
 *                  {@link #DEFAULT_PASS_ENV}, as websocketd on Linux): everything else of the
 *                  server's environment, secrets included, stays out
 */
public record Program(List<String> command, boolean shell, boolean pty, Path directory, List<String> passEnv) {
    /** The server variables a program sees by default: enough to find executables and libraries. */
    public static final List<String> DEFAULT_PASS_ENV = List.of("PATH", "LD_LIBRARY_PATH");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Program {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        passEnv = List.copyOf(Objects.requireNonNull(passEnv, "passEnv"));
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("a program needs a command");
        }
        if (shell && command.size() != 1) {
            throw new IllegalArgumentException("a shell command is one string, got " + command.size() + " arguments");
        }
        for (String name : passEnv) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
            }
        }
    }

    /** Runs {@code argv} directly, with pipes and the default environment allow-list. */
    public static Program of(String... argv) {
        return builder(List.of(argv)).build();
    }

    public static Builder builder(List<String> argv) {
        return new Builder(argv);
    }

    /** The same program with another working directory. */
    public Program withDirectory(Path dir) {
        return new Program(command, shell, pty, dir, passEnv);
    }

    /** The same program with another argv (e.g. the script a URL picked). */
    public Program withCommand(List<String> argv) {
        return new Program(argv, shell, pty, directory, passEnv);
    }

    /** How the command reads in logs: the argv joined by spaces. */
    public String display() {
        return String.join(" ", command);
    }

    public static final class Builder {
        private final List<String> command;
        private boolean shell;
        private boolean pty;
        private Path directory;
        private List<String> passEnv = DEFAULT_PASS_ENV;

        private Builder(List<String> command) {
            this.command = new ArrayList<>(command);
        }

        /** Run through {@code /bin/sh -c} (default false). */
        public Builder shell(boolean shell) {
            this.shell = shell;
            return this;
        }

        /** A pseudo-terminal instead of pipes (default false). */
        public Builder pty(boolean pty) {
            this.pty = pty;
            return this;
        }

        /** Working directory (default: the server's). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** The server variables the program sees (default {@link #DEFAULT_PASS_ENV}). */
        public Builder passEnv(List<String> names) {
            this.passEnv = List.copyOf(names);
            return this;
        }

        public Program build() {
            return new Program(command, shell, pty, directory, passEnv);
        }
    }
}
