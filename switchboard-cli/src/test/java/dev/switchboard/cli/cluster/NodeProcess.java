package dev.switchboard.cli.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code switchboard serve} node in its own JVM, as an operator would run it, so a test can
 * kill it without a goodbye ({@link #kill}: SIGKILL) or stop it politely ({@link #stop}: SIGTERM).
 * Its output is kept for failure messages.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch listening = new CountDownLatch(1);

    private NodeProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "node-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code switchboard serve --port P --node-name NAME} plus {@code extraArgs}; returns once it listens. */
    static NodeProcess start(String name, int port, List<String> extraArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.switchboard.cli.Main");
        command.add("serve");
        command.add("--port");
        command.add(String.valueOf(port));
        command.add("--node-name");
        command.add(name);
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        NodeProcess node = new NodeProcess(name, port, process);
        if (!node.listening.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            node.kill();
            throw new IllegalStateException("node " + name + " did not start within " + START_TIMEOUT + ":\n" + node.output());
        }
        return node;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("Switchboard listening on")) {
                    listening.countDown();
                }
            }
        } catch (IOException e) {
            output.append("(output ended: ").append(e).append(")\n");
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        return output.toString();
    }

    /** SIGKILL: the node vanishes mid-flight, without closing connections or telling anyone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node shuts down as on Ctrl-C. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
