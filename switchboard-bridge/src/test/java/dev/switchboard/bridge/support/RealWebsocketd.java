package dev.switchboard.bridge.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real websocketd (Debian package {@code websocketd}), started on a free loopback port with
 * the given arguments, for side-by-side comparisons. Fails, naming the package, when it is not
 * installed.
 */
public final class RealWebsocketd implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private RealWebsocketd(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static String executable() {
        for (String candidate : List.of("/usr/bin/websocketd", "/usr/local/bin/websocketd")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("websocketd is not installed; the compatibility tests compare against it:"
                + " apt-get install websocketd (.ci/run does)");
    }

    /** {@code websocketd --port P --address 127.0.0.1 ARGS...}, ready to accept connections. */
    public static RealWebsocketd start(List<String> args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(executable(), "--port=" + port, "--address=127.0.0.1"));
        command.addAll(args);
        Path log = Files.createTempFile("websocketd-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new RealWebsocketd(process, port, log);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("websocketd exited: " + Files.readString(log));
                }
                sleep();
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("websocketd did not listen within 10 s: " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // temp file
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
