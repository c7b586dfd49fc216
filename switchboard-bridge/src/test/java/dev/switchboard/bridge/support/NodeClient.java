package dev.switchboard.bridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.process.Tool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script of {@code src/test/js} (the official phoenix client, the {@code ws} package)
 * and returns the one JSON line it prints. {@code node} is found as the server's interop tests
 * find it; the npm dependencies are installed by the build.
 */
public final class NodeClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeClient() {}

    public static Path scriptDirectory() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = base.resolve("src/test/js");
        return Files.isDirectory(dir) ? dir : base.resolve("switchboard-bridge/src/test/js");
    }

    /** Runs {@code script} with {@code args}; fails when it exits non-zero, times out or prints no JSON. */
    public static JsonNode run(String script, List<String> args, long timeoutMs) {
        return run(script, args, timeoutMs, Map.of());
    }

    public static JsonNode run(String script, List<String> args, long timeoutMs, Map<String, String> env) {
        Process process = start(script, args, env);
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node " + script + " did not finish within " + timeoutMs + " ms");
            }
            return result(script, process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code script} without waiting; read it with {@link #result}. */
    public static Process start(String script, List<String> args, Map<String, String> env) {
        Path dir = scriptDirectory();
        if (!Files.isRegularFile(dir.resolve("node_modules/ws/package.json"))) {
            throw new AssertionError("npm dependencies missing in " + dir + ": run `npm ci` there (the build does)");
        }
        List<String> command = new ArrayList<>(List.of(Tool.NODE.path().toString(), script));
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node: " + e, e);
        }
    }

    /** The JSON line a finished script printed. */
    public static JsonNode result(String script, Process process) {
        try {
            process.waitFor();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] lines = out.split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (lines[i].startsWith("{")) {
                    JsonNode json = MAPPER.readTree(lines[i]);
                    if (process.exitValue() != 0 || json.has("error")) {
                        throw new AssertionError("node " + script + " failed: " + json + "\nstderr:\n" + err);
                    }
                    return json;
                }
            }
            throw new AssertionError("node " + script + " printed no JSON (exit " + process.exitValue() + ")\nstdout:\n"
                    + out + "\nstderr:\n" + err);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
