package dev.switchboard.cli.cluster;

import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.process.JavaCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code switchboard serve} node in its own JVM, as an operator would run it, so a test can
 * kill it without a goodbye ({@link #kill}: SIGKILL) or stop it politely ({@link #stop}: SIGTERM).
 * Its output is kept for failure messages.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final ChildProcess process;

    private NodeProcess(String name, int port, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts {@code switchboard serve --port P --node-name NAME} plus {@code extraArgs}; returns once it listens. */
    static NodeProcess start(String name, int port, List<String> extraArgs) {
        // A short drain grace: no balancer needs time to notice a test node's drain.
        List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port), "--node-name", name,
                "--drain-grace", "200ms"));
        args.addAll(extraArgs);
        ChildProcess process = ChildProcess.builder(JavaCommand.of(List.of("-Xmx256m", "-XX:+UseSerialGC"),
                "dev.switchboard.cli.Main", args)).name("node-" + name).start();
        try {
            process.awaitLine(line -> line.startsWith("Switchboard listening on"), START_TIMEOUT);
        } catch (IllegalStateException e) {
            process.close();
            throw new IllegalStateException("node " + name + " did not start: " + e.getMessage(), e);
        }
        return new NodeProcess(name, port, process);
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
        return process.output();
    }

    /** SIGKILL: the node vanishes mid-flight, without closing connections or telling anyone. */
    void kill() {
        process.kill();
    }

    /** SIGTERM: the node shuts down as on Ctrl-C. */
    void stop() {
        process.terminate();
    }

    @Override
    public void close() {
        process.close();
    }
}
