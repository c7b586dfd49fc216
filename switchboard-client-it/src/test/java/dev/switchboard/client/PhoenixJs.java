package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code src/test/js} with the official phoenix.js client in Node, in the
 * background, and reads the JSON lines it prints. The npm packages are the ones the server's
 * interop tests install ({@code switchboard-server/src/test/js/node_modules}, phoenix 1.8.16 and
 * ws), so both suites use the same client. Every run is bounded by a timeout and killed at
 * {@link #close()}.
 */
final class PhoenixJs implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private PhoenixJs(Process process) {
        this.process = process;
        Thread out = new Thread(() -> read(process.inputReader(StandardCharsets.UTF_8), true), "phoenix-js-out");
        Thread err = new Thread(() -> read(process.errorReader(StandardCharsets.UTF_8), false), "phoenix-js-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts {@code node <script> <args...>} in src/test/js. */
    static PhoenixJs start(String script, String... args) {
        Path modules = modules();
        if (!Files.isRegularFile(modules.resolve("phoenix/package.json"))) {
            throw new AssertionError("phoenix.js is missing in " + modules
                    + ": build switchboard-server's tests first (its build runs npm ci there)");
        }
        List<String> command = new ArrayList<>();
        command.add(node());
        command.add(script);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(scripts().toFile());
        builder.environment().put("PHOENIX_JS_MODULES", modules.toString());
        try {
            return new PhoenixJs(builder.start());
        } catch (IOException e) {
            throw new AssertionError("could not start node: " + e, e);
        }
    }

    /** The next JSON line the script printed. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output from node within " + timeout + "; stderr:\n" + stderr());
        }
        if (line.has("error")) {
            throw new AssertionError("node script failed: " + line.get("error").asText() + "\nstderr:\n" + stderr());
        }
        return line;
    }

    /** Writes one line to the script's stdin (scripts that go step by step wait for one). */
    void send(String line) throws IOException {
        var in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits for the script to end; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    synchronized String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void read(BufferedReader reader, boolean json) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (json && line.startsWith("{")) {
                    lines.add(Json.MAPPER.readTree(line));
                } else {
                    synchronized (this) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static Path scripts() {
        return base().resolve("src/test/js");
    }

    private static Path modules() {
        return base().resolve("../switchboard-server/src/test/js/node_modules").normalize();
    }

    private static Path base() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return Files.isDirectory(dir.resolve("src/test/js")) ? dir : dir.resolve("switchboard-client-it");
    }

    private static String node() {
        for (String candidate : new String[] {System.getenv("NODE"), "/usr/bin/node", "/usr/local/bin/node"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                Path node = Path.of(entry, "node");
                if (Files.isExecutable(node)) {
                    return node.toString();
                }
            }
        }
        throw new AssertionError("no node executable found ($NODE, /usr/bin, /usr/local/bin, $PATH)");
    }
}
