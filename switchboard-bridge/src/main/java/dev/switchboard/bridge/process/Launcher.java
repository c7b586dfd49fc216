package dev.switchboard.bridge.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Starts programs: a clean environment (only {@link Program#passEnv()} of the server's, plus
 * what the caller adds), the argv executed directly (or through {@code /bin/sh -c}, or on a
 * pseudo-terminal), and the threads that feed and read it. One launcher serves a whole server;
 * its timer runs every shutdown schedule.
 */
public final class Launcher implements AutoCloseable {
    /** Stack of the per-program threads: they copy bytes and parse a line, nothing deep. */
    private static final long THREAD_STACK_BYTES = 256 * 1024;

    private final ShutdownSchedule schedule;
    private final Runnable onSigkill;
    private final ScheduledExecutorService timer;

    /** @param schedule how every program started here is stopped */
    public Launcher(ShutdownSchedule schedule) {
        this(schedule, () -> {});
    }

    /**
     * @param schedule  how every program started here is stopped
     * @param onSigkill called each time a program reached the SIGKILL step (for a counter)
     */
    public Launcher(ShutdownSchedule schedule, Runnable onSigkill) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.onSigkill = Objects.requireNonNull(onSigkill, "onSigkill");
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("bridge-shutdown-timer"));
    }

    public ShutdownSchedule schedule() {
        return schedule;
    }

    /**
     * Starts {@code program}.
     *
     * @param env         variables added to the allow-listed ones (CGI variables, the topic, ...)
     * @param name        what the program is called in logs; its pid is appended
     * @param stdout      receives its output on the program's reading thread
     * @param readBuffer  bytes read from stdout at once (a binary message is at most this long)
     * @param stdinLimits how much input may queue
     * @throws IOException when the program cannot be started (not found, not executable)
     */
    public ChildProcess start(Program program, Map<String, String> env, String name, StdoutHandler stdout,
                              int readBuffer, StdinLimits stdinLimits) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv(program));
        Map<String, String> environment = builder.environment();
        environment.clear();
        for (String key : program.passEnv()) {
            String value = System.getenv(key);
            if (value != null && !value.isBlank()) {
                environment.put(key, value);
            }
        }
        environment.putAll(env);
        if (program.directory() != null) {
            builder.directory(program.directory().toFile());
        }
        if (!SignalDefaults.prefix().isEmpty() && !program.pty() && !program.shell()) {
            // Started through env, a missing program would start env and fail only after: check first.
            requireExecutable(program);
        }
        Process process = builder.start();
        String label = name + " (pid " + process.pid() + ")";
        StdinWriter stdin = new StdinWriter(process.getOutputStream(), stdinLimits.capacityBytes(),
                stdinLimits.highWaterBytes(), threads(), "bridge-stdin-" + process.pid());
        ChildProcess child = new ChildProcess(process, program, label, stdin, schedule, timer, onSigkill);
        thread(ChildProcess.stdoutPump(process.getInputStream(), stdout, readBuffer), "bridge-stdout-" + process.pid())
                .start();
        thread(new StderrLog(process.getErrorStream(), label), "bridge-stderr-" + process.pid()).start();
        return child;
    }

    /**
     * Fails as {@link ProcessBuilder#start()} would for a program that cannot be executed: a path
     * (relative to the program's directory) or a name looked up on this process's PATH.
     */
    static void requireExecutable(Program program) throws IOException {
        String name = program.command().get(0);
        if (name.contains("/")) {
            Path path = program.directory() != null ? program.directory().resolve(name) : Path.of(name);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IOException("Cannot run program \"" + name + "\": not an executable file");
            }
            return;
        }
        String searchPath = System.getenv("PATH");
        for (String dir : (searchPath == null ? "" : searchPath).split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return;
            }
        }
        throw new IOException("Cannot run program \"" + name + "\": not found on the PATH");
    }

    /** The argv actually executed: signal defaults restored if needed, then the program (maybe on a terminal). */
    static List<String> argv(Program program) {
        List<String> argv = new ArrayList<>(SignalDefaults.prefix());
        if (program.pty()) {
            argv.addAll(PtyCommand.wrap(program));
        } else if (program.shell()) {
            argv.addAll(List.of("/bin/sh", "-c", program.command().get(0)));
        } else {
            argv.addAll(program.command());
        }
        return argv;
    }

    /** Whether pseudo-terminals can be offered here (util-linux {@code script} is installed). */
    public static boolean ptyAvailable() {
        return PtyCommand.available();
    }

    /** Longest input line a program on a pseudo-terminal can receive. */
    public static int ptyMaxInputLine() {
        return PtyCommand.MAX_INPUT_LINE;
    }

    private static Thread thread(Runnable task, String name) {
        Thread t = new Thread(null, task, name, THREAD_STACK_BYTES);
        t.setDaemon(true);
        return t;
    }

    private static ThreadFactory threads() {
        return r -> thread(r, "bridge-stdin");
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the timer; programs still running keep their scheduled steps no more (kill them first). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
