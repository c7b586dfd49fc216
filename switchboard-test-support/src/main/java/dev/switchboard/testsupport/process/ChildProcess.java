package dev.switchboard.testsupport.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A child process that cannot outlive its test: it runs in a process group of its own, and
 * {@link #close()}, {@link #kill()} and a JVM shutdown hook signal the whole group, so what it
 * started itself (Chromium under Node, say) goes too. Its output is kept for failure messages
 * (the last {@value #KEPT_LINES} lines).
 *
 * <pre>{@code
 * try (ChildProcess redis = ChildProcess.builder(List.of("redis-server", "--port", "7001")).name("redis").start()) {
 *     redis.awaitLine(line -> line.contains("Ready to accept connections"), Duration.ofSeconds(10));
 *     redis.kill();  // SIGKILL: as a crash looks to its clients
 * }
 * }</pre>
 */
public final class ChildProcess implements AutoCloseable {
    /** How long {@link #terminate()} waits for a polite exit before it kills. */
    public static final Duration TERMINATE_GRACE = Duration.ofSeconds(10);

    /** Output lines kept for {@link #output()}; a chatty process must not fill the heap. */
    public static final int KEPT_LINES = 5_000;

    /**
     * Java cannot put a child in a process group of its own, so the child is started by a
     * one-line Perl program (Debian's perl-base is essential) that does it and execs the command,
     * keeping the pid. Not {@code setsid}: a new session would also be a new scheduling autogroup,
     * which changes how the CPU is shared between the test and its children.
     */
    private static final Optional<Path> PERL = firstExecutable("/usr/bin/perl", "/bin/perl");
    private static final String NEW_GROUP = "setpgrp(0, 0); exec { $ARGV[0] } @ARGV or die \"cannot run $ARGV[0]: $!\\n\"";
    private static final Optional<Path> KILL = firstExecutable("/usr/bin/kill", "/bin/kill");

    private final String name;
    private final Process process;
    private final boolean ownGroup;
    private final Path logFile;
    /** The last {@link #KEPT_LINES} output lines; also the monitor of {@link #linesSeen} and {@link #openStreams}. */
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread cleanup;
    private final Writer stdin;
    /** Output streams still being read; guarded by {@code lines}. */
    private int openStreams;
    /** Output lines read so far, kept or not; guarded by {@code lines}. */
    private long linesSeen;

    private ChildProcess(Builder builder, Process process, boolean ownGroup) {
        this.name = builder.name;
        this.process = process;
        this.ownGroup = ownGroup;
        this.logFile = builder.logFile;
        this.stdin = builder.stdinPipe ? new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8) : null;
        this.cleanup = new Thread(this::killQuietly, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        if (logFile == null) {
            daemon(name + "-out", process.getInputStream(), line -> {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > KEPT_LINES) {
                        lines.removeFirst();
                    }
                    linesSeen++;
                    lines.notifyAll();
                }
                if (builder.onLine != null) {
                    builder.onLine.accept(line);
                }
            });
            if (builder.separateStderr) {
                daemon(name + "-err", process.getErrorStream(), line -> stderr.append(line).append('\n'));
            }
        }
    }

    /** A process running {@code command} (the executable and its arguments). */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /**
     * Runs a command to its end (at most {@code timeout}) and returns its exit code and merged
     * output; one that overruns is killed and reported.
     */
    public static Result run(List<String> command, Duration timeout) {
        try (ChildProcess child = builder(command).name(Path.of(command.get(0)).getFileName().toString()).start()) {
            Integer exit = child.waitFor(timeout);
            if (exit == null) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + "; its output:\n" + child.output());
            }
            return new Result(exit, child.output());
        }
    }

    /** What a finished command printed (stdout and stderr merged) and its exit code. */
    public record Result(int exit, String output) {}

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it printed so far: stdout (with stderr unless kept apart), or the log file's content. */
    public String output() {
        if (logFile != null) {
            try {
                return Files.readString(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(log " + logFile + " unreadable: " + e + ")";
            }
        }
        synchronized (lines) {
            return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        }
    }

    /** Its stderr, when {@link Builder#separateStderr()} kept it apart; empty otherwise. */
    public String stderr() {
        return stderr.toString();
    }

    /** Its stdin, when {@link Builder#stdinPipe()} asked for one. */
    public Writer stdin() {
        if (stdin == null) {
            throw new IllegalStateException(name + " was started without a stdin pipe");
        }
        return stdin;
    }

    /**
     * Waits for an output line matching {@code predicate} (lines already printed count) and
     * returns it; an {@link IllegalStateException} with the output when the process exits first
     * or the time is up.
     */
    public String awaitLine(Predicate<String> predicate, Duration timeout) {
        if (logFile != null) {
            throw new IllegalStateException(name + " writes to " + logFile + "; its lines are not watched");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long checked = 0;
        synchronized (lines) {
            while (true) {
                long first = linesSeen - lines.size();
                long index = first;
                for (String line : lines) {
                    if (index++ >= checked && predicate.test(line)) {
                        return line;
                    }
                }
                checked = linesSeen;
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && outputEnded()) {
                    break;
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
        throw new IllegalStateException(name + (process.isAlive() ? " printed no such line within " + timeout
                : " exited with " + process.exitValue() + " before printing such a line") + "; its output:\n" + output());
    }

    /**
     * Waits up to {@code timeout} for the exit (and then, briefly, for its last output to be read);
     * the exit code, or null if it still runs.
     */
    public Integer waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            awaitOutputEnd();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** SIGTERM to its group, as Ctrl-C or a service manager asks; SIGKILL after {@link #TERMINATE_GRACE}. */
    public void terminate() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        signal("TERM", descendants, false);
        if (waitFor(TERMINATE_GRACE) == null) {
            kill();
        }
    }

    /** SIGKILL to its group: it vanishes mid-flight, as in a crash. Waits until it is gone. */
    public void kill() {
        killQuietly();
    }

    /** Kills it if it still runs and forgets the shutdown hook. */
    @Override
    public void close() {
        killQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same
        }
        if (stdin != null) {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // the process is gone
            }
        }
    }

    private void killQuietly() {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive() || descendants.stream().anyMatch(ProcessHandle::isAlive)) {
            signal("KILL", descendants, true);
        }
        waitFor(Duration.ofSeconds(10));
    }

    /**
     * Signals the group when the process leads one, and every descendant found before (children
     * that left the group, or no group at all), then the process itself.
     */
    private void signal(String signal, List<ProcessHandle> descendants, boolean forcibly) {
        if (ownGroup && KILL.isPresent()) {
            try {
                Process kill = new ProcessBuilder(KILL.get().toString(), "-s", signal, "--", "-" + process.pid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // fall through to the per-process signals below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : descendants) {
            if (forcibly) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
        }
        // Through the handle: Process.destroy() would also close our ends of its pipes, losing
        // what it prints on its way out (and a write to a closed pipe kills it with SIGPIPE).
        if (forcibly) {
            process.toHandle().destroyForcibly();
        } else {
            process.toHandle().destroy();
        }
    }

    private boolean outputEnded() {
        return openStreams == 0;
    }

    private void awaitOutputEnd() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (lines) {
            while (openStreams > 0 && System.nanoTime() < deadline) {
                try {
                    lines.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void daemon(String threadName, InputStream stream, Consumer<String> sink) {
        synchronized (lines) {
            openStreams++;
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ended) {
                // the process is gone
            } finally {
                synchronized (lines) {
                    openStreams--;
                    lines.notifyAll();
                }
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private static Optional<Path> firstExecutable(String... candidates) {
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** How to start a {@link ChildProcess}; {@link #start()} starts it. */
    public static final class Builder {
        private final List<String> command;
        private String name;
        private Path directory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> removedEnvironment = new ArrayList<>();
        private Path logFile;
        private boolean separateStderr;
        private boolean stdinPipe;
        private boolean ownGroup = true;
        private Consumer<String> onLine;

        private Builder(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            this.command = List.copyOf(command);
            this.name = Path.of(command.get(0)).getFileName().toString();
        }

        /** Names its threads and messages; default the executable's file name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Working directory; default the JVM's. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Adds (or replaces) environment variables; the rest is inherited. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Removes an inherited environment variable. */
        public Builder withoutEnvironment(String variable) {
            removedEnvironment.add(variable);
            return this;
        }

        /**
         * Appends stdout and stderr to this file instead of keeping them in memory (a process
         * restarted several times keeps one log). Lines are then not watched.
         */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Keeps stderr apart ({@link #stderr()}); by default it is merged into the output. */
        public Builder separateStderr() {
            this.separateStderr = true;
            return this;
        }

        /** Gives it a stdin pipe ({@link #stdin()}); by default stdin is {@code /dev/null}. */
        public Builder stdinPipe() {
            this.stdinPipe = true;
            return this;
        }

        /** Calls {@code listener} with every output line as it arrives (on a reader thread). */
        public Builder onLine(Consumer<String> listener) {
            this.onLine = listener;
            return this;
        }

        /**
         * Default true: a process group of its own, so signals reach what it starts. Off for a
         * process that must stay in the JVM's group.
         */
        public Builder ownProcessGroup(boolean own) {
            this.ownGroup = own;
            return this;
        }

        public ChildProcess start() {
            boolean group = ownGroup && PERL.isPresent();
            List<String> full = new ArrayList<>();
            if (group) {
                full.addAll(List.of(PERL.get().toString(), "-e", NEW_GROUP, "--"));
            }
            full.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(full);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            removedEnvironment.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            if (!stdinPipe) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            if (logFile != null) {
                builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            } else if (!separateStderr) {
                builder.redirectErrorStream(true);
            }
            try {
                return new ChildProcess(this, builder.start(), group);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }
}
