package dev.switchboard.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy (Debian package {@code haproxy}) running a configuration a test writes, in the
 * foreground ({@code -db}), until {@link #close()}.
 *
 * <pre>{@code
 * try (Haproxy lb = Haproxy.start(dir, config, frontendPort)) { ... }
 * }</pre>
 */
public final class Haproxy implements AutoCloseable {
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(15);

    private final ChildProcess process;
    private final int port;

    private Haproxy(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Writes {@code config} to {@code dir/haproxy.cfg}, starts HAProxy on it and returns once its
     * frontend accepts connections on 127.0.0.1:{@code port} (the port the config binds).
     */
    public static Haproxy start(Path dir, String config, int port) {
        Path executable = Tool.HAPROXY.path();
        Path file = dir.resolve("haproxy.cfg");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess process = ChildProcess.builder(List.of(executable.toString(), "-db", "-f", file.toString()))
                .name("haproxy-" + port).start();
        Haproxy haproxy = new Haproxy(process, port);
        try {
            haproxy.awaitListening();
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return haproxy;
    }

    /** {@code haproxy -c}: whether a configuration is valid, and HAProxy's words about it. */
    public static ChildProcess.Result check(Path config) {
        return ChildProcess.run(List.of(Tool.HAPROXY.path().toString(), "-c", "-f", config.toString()), Duration.ofSeconds(30));
    }

    public int port() {
        return port;
    }

    /** What HAProxy printed (warnings, alerts). */
    public String output() {
        return process.output();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + process.output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        throw new IllegalStateException("haproxy did not listen on " + port + " within " + LISTEN_TIMEOUT + ": " + process.output());
    }

    /** SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() {
        process.terminate();
        process.close();
    }
}
