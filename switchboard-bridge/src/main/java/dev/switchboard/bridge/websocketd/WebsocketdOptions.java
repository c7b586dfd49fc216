package dev.switchboard.bridge.websocketd;

import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.process.ShutdownSchedule;
import dev.switchboard.bridge.process.StdinLimits;
import dev.switchboard.security.OriginPolicy;
import dev.switchboard.server.tls.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code switchboard bridge} serves, with websocketd's defaults where it has them.
 * Build with {@link #builder()}; {@link Builder#build()} checks the combination.
 *
 * @param host              address to listen on (default {@code 127.0.0.1}: only this machine;
 *                          websocketd listens on every interface, say {@code 0.0.0.0} for that)
 * @param port              TCP port (default 8080; 0 picks a free one)
 * @param command           the program run for every connection, or empty with {@code scriptDir}
 * @param scriptDir         a directory of executables, one per URL path ({@code --dir}), or null
 * @param staticDir         a directory served over plain HTTP ({@code --staticdir}), or null
 * @param binary            raw chunks as binary messages instead of lines as text messages (default false)
 * @param pty               programs get a pseudo-terminal instead of pipes (default false; line mode only)
 * @param shell             run {@code command} (one string) through {@code /bin/sh -c} (default false)
 * @param passEnv           server variables programs see (default {@code PATH}, {@code LD_LIBRARY_PATH})
 * @param maxForks          programs running at once; one more gets HTTP 429 (default 1024, where
 *                          websocketd has no limit: each is a process with its own memory)
 * @param maxFrameBytes     largest inbound message (default 1 MiB); larger closes with 1009
 * @param maxLineBytes      longest output line in line mode (default 1 MiB); longer closes with 1009
 * @param maxLinesPerSecond output lines per program per second, 0 for no cap (default 0, as websocketd);
 *                          a faster program is slowed down, nothing is dropped
 * @param origins           which browser pages may connect (default: any, as websocketd; see
 *                          {@code --origin} and {@code --sameorigin})
 * @param tls               serve {@code https://}/{@code wss://} only, or null for plain TCP (default)
 * @param shutdown          how programs are stopped when their client leaves (default websocketd's,
 *                          {@code --closems 0})
 * @param stdinLimits       input queued for a program that reads slowly (default 1 MiB, pausing at 64 KiB)
 */
public record WebsocketdOptions(String host, int port, List<String> command, Path scriptDir, Path staticDir,
                                boolean binary, boolean pty, boolean shell, List<String> passEnv, int maxForks,
                                int maxFrameBytes, int maxLineBytes, int maxLinesPerSecond, OriginPolicy origins,
                                TlsConfig tls, ShutdownSchedule shutdown, StdinLimits stdinLimits) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_FORKS = 1024;
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

    public WebsocketdOptions {
        Objects.requireNonNull(host, "host");
        command = List.copyOf(command);
        passEnv = List.copyOf(passEnv);
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(stdinLimits, "stdinLimits");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The program for a connection: {@code command}, or the script a URL picked in {@code scriptDir}. */
    Program program(List<String> argv) {
        return Program.builder(argv).shell(shell && scriptDir == null).pty(pty).passEnv(passEnv).build();
    }

    /** Whether WebSocket upgrades start programs (a command or a script directory is set). */
    boolean servesPrograms() {
        return !command.isEmpty() || scriptDir != null;
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private List<String> command = List.of();
        private Path scriptDir;
        private Path staticDir;
        private boolean binary;
        private boolean pty;
        private boolean shell;
        private List<String> passEnv = Program.DEFAULT_PASS_ENV;
        private int maxForks = DEFAULT_MAX_FORKS;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private int maxLinesPerSecond;
        private OriginPolicy origins = OriginPolicy.any();
        private TlsConfig tls;
        private ShutdownSchedule shutdown = ShutdownSchedule.DEFAULT;
        private StdinLimits stdinLimits = StdinLimits.DEFAULT;

        private Builder() {}

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The program every connection runs (its argv). */
        public Builder command(List<String> argv) {
            this.command = List.copyOf(argv);
            return this;
        }

        public Builder command(String... argv) {
            return command(List.of(argv));
        }

        /** Serve every executable in {@code dir} at its path ({@code /name}, {@code /sub/name}). */
        public Builder scriptDir(Path dir) {
            this.scriptDir = dir;
            return this;
        }

        /** Serve the files of {@code dir} over plain HTTP. */
        public Builder staticDir(Path dir) {
            this.staticDir = dir;
            return this;
        }

        public Builder binary(boolean binary) {
            this.binary = binary;
            return this;
        }

        public Builder pty(boolean pty) {
            this.pty = pty;
            return this;
        }

        public Builder shell(boolean shell) {
            this.shell = shell;
            return this;
        }

        public Builder passEnv(List<String> names) {
            this.passEnv = List.copyOf(names);
            return this;
        }

        public Builder maxForks(int max) {
            this.maxForks = max;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder maxLineBytes(int bytes) {
            this.maxLineBytes = bytes;
            return this;
        }

        public Builder maxLinesPerSecond(int lines) {
            this.maxLinesPerSecond = lines;
            return this;
        }

        public Builder origins(OriginPolicy policy) {
            this.origins = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** websocketd's shutdown steps stretched by {@code closeMs} ({@code --closems}). */
        public Builder closeMs(long closeMs) {
            this.shutdown = ShutdownSchedule.websocketd(closeMs);
            return this;
        }

        public Builder shutdown(ShutdownSchedule schedule) {
            this.shutdown = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        public Builder stdinLimits(StdinLimits limits) {
            this.stdinLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is wrong, and why */
        public WebsocketdOptions build() {
            if (command.isEmpty() && scriptDir == null && staticDir == null) {
                throw new IllegalArgumentException("nothing to serve: give a COMMAND, --dir or --staticdir");
            }
            if (!command.isEmpty() && scriptDir != null) {
                throw new IllegalArgumentException("give either a COMMAND or --dir, not both");
            }
            requireDirectory(scriptDir, "--dir");
            requireDirectory(staticDir, "--staticdir");
            if (pty && binary) {
                throw new IllegalArgumentException("--pty is for line mode: a terminal rewrites \\n as \\r\\n, which would"
                        + " alter --binary output");
            }
            if (shell && command.size() != 1) {
                throw new IllegalArgumentException("--shell runs one command string through /bin/sh -c; quote it as one"
                        + " argument");
            }
            if (maxForks < 1) {
                throw new IllegalArgumentException("--maxforks must be at least 1, got " + maxForks);
            }
            if (maxFrameBytes < 1) {
                throw new IllegalArgumentException("--maxframesize must be at least 1 byte, got " + maxFrameBytes);
            }
            if (maxLineBytes < 1) {
                throw new IllegalArgumentException("--maxlinesize must be at least 1 byte, got " + maxLineBytes);
            }
            if (maxLinesPerSecond < 0) {
                throw new IllegalArgumentException("--maxlinerate cannot be negative, got " + maxLinesPerSecond);
            }
            return new WebsocketdOptions(host, port, command, scriptDir == null ? null : scriptDir.toAbsolutePath().normalize(),
                    staticDir == null ? null : staticDir.toAbsolutePath().normalize(), binary, pty, shell, passEnv, maxForks,
                    maxFrameBytes, maxLineBytes, maxLinesPerSecond, origins, tls, shutdown, stdinLimits);
        }

        private static void requireDirectory(Path dir, String option) {
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(option + " " + dir + " is not a directory");
            }
        }
    }
}
