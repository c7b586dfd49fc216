package dev.switchboard.bridge.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running program: its stdin queue, its stdout reader, its exit, and its shutdown. Made by
 * {@link Launcher#start}. Thread-safe.
 *
 * <p>Two ways it ends, both leaving nothing behind: the program exits by itself (its stdout
 * reaches the end, then {@link #exit()} completes), or its owner calls {@link #stop()} (client
 * gone, channel left), which runs the {@link ShutdownSchedule}. Either way the JDK reaps it.
 */
public final class ChildProcess {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final Process process;
    private final Program program;
    private final String label;
    private final StdinWriter stdin;
    private final ShutdownSchedule schedule;
    private final ScheduledExecutorService timer;
    private final Runnable onSigkill;
    private final CompletableFuture<Integer> exit;
    private final AtomicBoolean stopping = new AtomicBoolean();

    ChildProcess(Process process, Program program, String label, StdinWriter stdin, ShutdownSchedule schedule,
                 ScheduledExecutorService timer, Runnable onSigkill) {
        this.process = process;
        this.program = program;
        this.label = label;
        this.stdin = stdin;
        this.schedule = schedule;
        this.timer = timer;
        this.onSigkill = onSigkill;
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    /** The stdout reader, run on its own thread: every chunk to the handler, then its end. */
    static Runnable stdoutPump(InputStream in, StdoutHandler handler, int bufferBytes) {
        return () -> {
            byte[] buffer = new byte[bufferBytes];
            try (InputStream stdout = in) {
                int n;
                while ((n = stdout.read(buffer)) >= 0) {
                    if (n > 0) {
                        handler.chunk(buffer, n);
                    }
                }
            } catch (IOException e) {
                // the pipe closed under us: the program is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("Output handler failed; stopping the program", e);
            } finally {
                handler.end();
            }
        };
    }

    public long pid() {
        return process.pid();
    }

    /** How the program is named in logs, e.g. {@code cat (pid 4242)}. */
    public String label() {
        return label;
    }

    public Program program() {
        return program;
    }

    /**
     * Queues bytes for stdin; false when stdin is closed, the program stopped reading it for good,
     * or the queue is at its capacity ({@link StdinLimits}).
     */
    public boolean offer(byte[] data) {
        return stdin.offer(data);
    }

    /** False once stdin is closed: by {@link #stop()}, or by the program (it exited or closed it). */
    public boolean stdinOpen() {
        return stdin.open();
    }

    /** True while queued input is at the high-water mark: pause the source until {@link #onStdinDrained}. */
    public boolean stdinSaturated() {
        return stdin.saturated();
    }

    /** Called (on the stdin thread) when saturated input has drained below half the high-water mark. */
    public void onStdinDrained(Runnable callback) {
        stdin.onDrained(callback);
    }

    /** Bytes waiting to be written to stdin. */
    public long stdinQueuedBytes() {
        return stdin.queuedBytes();
    }

    /** Completes with the exit status once the program has exited and been reaped. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once {@link #stop()} was called. */
    public boolean stopping() {
        return stopping.get();
    }

    /**
     * Runs the shutdown schedule once: stdin closed now, then SIGINT, SIGTERM and SIGKILL (the
     * last to the whole process tree) at the schedule's steps, each only if still running.
     * Returns {@link #exit()}.
     */
    public CompletableFuture<Integer> stop() {
        if (!stopping.compareAndSet(false, true)) {
            return exit;
        }
        stdin.close();
        if (process.isAlive()) {
            after(schedule.afterClose().toNanos(), () -> {
                log.debug("{} still running after stdin closed: SIGINT", label);
                Signals.interrupt(signalTarget());
                after(schedule.afterInterrupt().toNanos(), () -> {
                    log.debug("{} still running after SIGINT: SIGTERM", label);
                    Signals.terminate(signalTarget());
                    after(schedule.afterTerminate().toNanos(), () -> {
                        log.info("{} ignored SIGINT and SIGTERM: SIGKILL", label);
                        onSigkill.run();
                        Signals.killTree(process.toHandle());
                    });
                });
            });
        }
        return exit;
    }

    /** SIGKILL now, to the program and everything it started (server shutdown, failed start). */
    public void kill() {
        stopping.set(true);
        stdin.close();
        Signals.killTree(process.toHandle());
    }

    private void after(long nanos, Runnable step) {
        timer.schedule(() -> {
            if (process.isAlive()) {
                step.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Whom SIGINT and SIGTERM go to: the program. On a pseudo-terminal that is the child of
     * {@code script}, which would otherwise answer a signal by hanging up the terminal.
     */
    private ProcessHandle signalTarget() {
        ProcessHandle self = process.toHandle();
        if (program.pty()) {
            return self.children().findFirst().orElse(self);
        }
        return self;
    }

    @Override
    public String toString() {
        return label;
    }
}
