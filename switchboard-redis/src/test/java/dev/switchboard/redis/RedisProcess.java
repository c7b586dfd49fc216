package dev.switchboard.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests: started on a free loopback port with nothing persisted,
 * stoppable (SIGKILL or graceful) and restartable on the same port, and always cleaned up (on
 * {@link #close()}, and by a shutdown hook if a test forgets).
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.start()) {
 *     RedisCluster node = RedisCluster.connect(redis.uri(), "a");
 *     redis.kill();     // SIGKILL: connections drop at once
 *     redis.restart();  // same port, empty data
 * }
 * }</pre>
 *
 * Needs {@code redis-server} on the PATH (Debian package {@code redis-server}); without it
 * {@link #start()} fails saying so.
 */
public final class RedisProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_MS = 15_000;

    private final int port;
    private final Path logFile;
    private final Thread cleanup;
    private Process process;

    private RedisProcess(int port) throws IOException {
        this.port = port;
        this.logFile = Files.createTempFile("redis-" + port + "-", ".log");
        this.cleanup = new Thread(this::destroyQuietly, "redis-process-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Starts a redis-server on a free port and waits until it answers PING. */
    public static RedisProcess start() {
        String executable = findExecutable();
        try {
            RedisProcess redis = new RedisProcess(freePort());
            redis.launch(executable);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crash or a pulled cable looks to clients; waits until the process is gone. */
    public void kill() {
        if (running()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** SIGTERM: Redis shuts down cleanly (nothing to save) and closes its connections. */
    public void stop() {
        if (running()) {
            process.destroy();
            awaitExit();
        }
    }

    /** Starts redis-server again on the same port (stopping it first if it still runs); data is empty. */
    public void restart() {
        stop();
        try {
            launch(findExecutable());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command over RESP and returns the raw reply line (for checks that need no client library). */
    public String command(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream());
        }
    }

    @Override
    public void close() {
        destroyQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same
        }
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it up eventually
        }
    }

    private void launch(String executable) throws IOException {
        process = new ProcessBuilder(List.of(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log:\n" + Files.readString(logFile));
            }
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(50);
        }
        destroyQuietly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + READY_TIMEOUT_MS + " ms; its log:\n" + Files.readString(logFile));
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void destroyQuietly() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String findExecutable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException("redis-server is not installed (not on the PATH); the Redis tests need it:"
                + " install the Debian package redis-server (apt-get install redis-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
