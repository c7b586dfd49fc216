package dev.switchboard.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (the Debian package) in front of the nodes: round-robin, no stickiness, so every
 * HTTP request — each long-poll GET and POST included — may land on a different node. The same
 * settings as the HAProxy example in docs/CLUSTER.md: WebSocket-friendly timeouts well above the
 * heartbeat, health checks on {@code /health}, and redispatch to another node when one is down.
 */
final class Haproxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Haproxy start(Path dir, int port, List<NodeProcess> nodes) throws IOException, InterruptedException {
        String binary = find();
        StringBuilder cfg = new StringBuilder()
                .append("global\n")
                .append("  maxconn 4096\n")
                .append("defaults\n")
                .append("  mode http\n")
                .append("  timeout connect 2s\n")
                .append("  timeout client 60s\n")
                .append("  timeout server 60s\n")
                .append("  timeout tunnel 1h\n")
                .append("  option redispatch\n")
                .append("  retries 3\n")
                .append("frontend switchboard\n")
                .append("  bind 127.0.0.1:").append(port).append('\n')
                .append("  default_backend nodes\n")
                .append("backend nodes\n")
                .append("  balance roundrobin\n")
                .append("  option httpchk GET /health\n")
                .append("  default-server inter 500ms fall 2 rise 2\n");
        for (NodeProcess node : nodes) {
            cfg.append("  server ").append(node.name()).append(" 127.0.0.1:").append(node.port()).append(" check\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg.toString(), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(binary, "-db", "-f", file.toString()).redirectErrorStream(true).start();
        Haproxy haproxy = new Haproxy(process, port);
        Thread reader = new Thread(() -> {
            try {
                haproxy.output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        }, "haproxy-output");
        reader.setDaemon(true);
        reader.start();
        haproxy.awaitListening();
        return haproxy;
    }

    private static String find() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("haproxy not found: install the Debian package 'haproxy' (.ci/run does)");
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + output);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new UncheckedIOException(new IOException("haproxy did not listen on " + port + ": " + output));
    }

    int port() {
        return port;
    }

    String socketUrl() {
        return "http://127.0.0.1:" + port + "/socket";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
