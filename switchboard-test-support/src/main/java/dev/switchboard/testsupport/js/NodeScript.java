package dev.switchboard.testsupport.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.process.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Runs the test scripts of this module's npm project ({@code src/main/js}) with the system's
 * {@code node} ({@link Tool#NODE}). The project is found through {@code -Dswitchboard.js.dir},
 * else where the build recorded it.
 */
public final class NodeScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeScript() {}

    /** The npm project: package.json, node_modules and the scripts ({@code phoenix/}, {@code browser/}). */
    public static Path directory() {
        String override = System.getProperty("switchboard.js.dir");
        Path dir = override != null && !override.isBlank() ? Path.of(override) : recorded();
        if (!Files.isRegularFile(dir.resolve("package.json"))) {
            throw new IllegalStateException("no package.json in " + dir + " (the test scripts' npm project; -Dswitchboard.js.dir overrides)");
        }
        return dir;
    }

    /**
     * A script of the project, e.g. {@code phoenix/scenarios.mjs}, checking that its npm dependencies
     * are installed.
     */
    public static Path script(String relativePath) {
        Path dir = directory();
        if (!Files.isRegularFile(dir.resolve("node_modules/.package-lock.json"))) {
            throw new AssertionError("the npm dependencies of the test scripts are missing in " + dir
                    + ": run `npm ci --no-audit --no-fund` there (the Maven build of switchboard-test-support does this"
                    + " in generate-resources)");
        }
        Path script = dir.resolve(relativePath);
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no script " + relativePath + " in " + dir);
        }
        return script;
    }

    /**
     * Runs a script to its end and returns the last JSON line it printed. An {@link AssertionError}
     * with the command and both outputs when node cannot start, the script exits non-zero, prints
     * no JSON or {@code {"error": …}}, or overruns {@code timeout} (it is then killed with what it
     * started).
     *
     * @param description what ran, for messages (e.g. {@code scenario ping over websocket})
     * @param environment added to node's environment (e.g. {@code NODE_EXTRA_CA_CERTS})
     */
    public static ScriptResult run(String relativePath, List<String> args, Map<String, String> environment,
            Duration timeout, String description) {
        List<String> command = command(relativePath, args);
        try (ChildProcess node = ChildProcess.builder(command).name("node-" + Path.of(relativePath).getFileName())
                .directory(script(relativePath).getParent()).environment(environment).separateStderr().start()) {
            Integer exit = node.waitFor(timeout);
            if (exit == null) {
                node.kill();
            }
            String where = "\n--- command: " + String.join(" ", command) + "\n--- stdout:\n" + node.output()
                    + "\n--- stderr:\n" + node.stderr();
            if (exit == null) {
                throw new AssertionError(description + " did not finish within " + timeout + where);
            }
            JsonNode json = lastJsonLine(node.output());
            if (exit != 0 || json == null || json.has("error")) {
                String error = json != null && json.has("error") ? json.get("error").asText() : "no JSON output";
                throw new AssertionError(description + " failed (exit " + exit + "): " + error + where);
            }
            return new ScriptResult(description, json, node.output(), node.stderr());
        }
    }

    /**
     * Starts a long-running script with a stdin pipe: {@code onLine} receives each stdout line,
     * stderr is kept apart. The caller closes it.
     */
    public static ChildProcess start(String relativePath, List<String> args, Consumer<String> onLine) {
        return ChildProcess.builder(command(relativePath, args)).name("node-" + Path.of(relativePath).getFileName())
                .directory(script(relativePath).getParent()).stdinPipe().separateStderr().onLine(onLine).start();
    }

    /** A value as one JSON command-line argument. */
    public static String jsonArgument(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + value, e);
        }
    }

    private static List<String> command(String relativePath, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Tool.NODE.path().toString());
        command.add(script(relativePath).toString());
        command.addAll(args);
        return command;
    }

    private static Path recorded() {
        try (InputStream in = NodeScript.class.getResourceAsStream("scripts.properties")) {
            if (in == null) {
                throw new IllegalStateException("scripts.properties is missing from switchboard-test-support's classes");
            }
            Properties properties = new Properties();
            properties.load(in);
            return Path.of(properties.getProperty("directory"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode lastJsonLine(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("{")) {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
