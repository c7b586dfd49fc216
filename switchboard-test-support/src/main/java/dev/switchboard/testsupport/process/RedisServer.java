package dev.switchboard.testsupport.process;

import dev.switchboard.testsupport.net.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on a free loopback port: stoppable politely ({@link #stop()}, SIGTERM)
 * or not ({@link #kill()}, SIGKILL), restartable on the same port, always cleaned up.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     RedisCluster node = RedisCluster.connect(redis.uri(), "a");
 *     redis.kill();     // connections drop at once
 *     redis.restart();  // same port; empty unless started with appendOnly(true)
 * }
 * }</pre>
 *
 * Needs the Debian package {@code redis-server} ({@link Tool#REDIS_SERVER}).
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final boolean appendOnly;
    private final Path directory;
    private final Path log;
    private ChildProcess process;

    private RedisServer(int port, boolean appendOnly) throws IOException {
        this.port = port;
        this.appendOnly = appendOnly;
        this.directory = Files.createTempDirectory("redis-" + port + "-");
        this.log = directory.resolve("redis.log");
    }

    /** Nothing persisted: a restart begins empty. */
    public static RedisServer start() {
        return start(false);
    }

    /**
     * @param appendOnly true: every write goes to an append-only file, fsynced before Redis
     *                   answers it, so data survives {@link #kill()} and {@link #restart()}; false:
     *                   nothing is persisted (the usual choice: cheaper, and a restart is clean)
     */
    public static RedisServer start(boolean appendOnly) {
        Path executable = Tool.REDIS_SERVER.path();
        try {
            RedisServer redis = new RedisServer(FreePort.loopback(), appendOnly);
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

    /** SIGKILL, as a crash or a pulled cable looks to clients; returns once the process is gone. */
    public void kill() {
        if (running()) {
            process.kill();
        }
    }

    /** SIGTERM: Redis shuts down cleanly and closes its connections. */
    public void stop() {
        if (running()) {
            process.terminate();
        }
    }

    /** Starts it again on the same port, stopping it first if it still runs. */
    public void restart() {
        stop();
        try {
            launch(Tool.REDIS_SERVER.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command over RESP and returns the first line of the reply (e.g. {@code +OK}, {@code :2}). */
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

    /** What Redis logged (across restarts). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills it and deletes its directory. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it up eventually
        }
    }

    private void launch(Path executable) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--daemonize", "no", "--dir", directory.toString(), "--save", ""));
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        if (process != null) {
            process.close();
        }
        process = ChildProcess.builder(command).name("redis-" + port).logFile(log).start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited on port " + port + "; its log:\n" + log());
            }
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(20);
        }
        process.kill();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + READY_TIMEOUT
                + "; its log:\n" + log());
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
