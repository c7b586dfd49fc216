package dev.switchboard.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one scenario of {@code src/test/js/scenarios.mjs} (the official phoenix.js client in Node)
 * and hands back the JSON line of observations it prints. The behaviour spec lives in the Java
 * assertions; the script only records what the client saw.
 *
 * <p>{@code node} is taken from the system property {@code switchboard.node}, the environment
 * variable {@code NODE}, the {@code PATH}, then {@code /usr/bin} and {@code /usr/local/bin}. The npm
 * dependencies are installed by the build ({@code npm ci} in {@code generate-test-resources}).
 * With {@code -Dswitchboard.interop.verbose=true} every observation is printed to the test output.
 */
public final class NodeScenario {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private NodeScenario() {}

    /** What one run printed: the parsed observation line and the script's stderr (progress notes). */
    public record Result(String scenario, String transport, JsonNode json, String stdout, String stderr) {

        /** Runs assertions on the observations; a failure message then also shows them and stderr. */
        public void verify(Consumer<JsonNode> assertions) {
            try {
                assertions.accept(json);
            } catch (AssertionError e) {
                AssertionError wrapped = new AssertionError(e.getMessage() + context(), e);
                wrapped.setStackTrace(e.getStackTrace());
                throw wrapped;
            }
        }

        /** Observations and stderr, for assertion messages. */
        public String context() {
            return "\n--- scenario " + scenario + " over " + transport + ", observations:\n" + json.toPrettyString()
                    + "\n--- node stderr:\n" + stderr;
        }
    }

    /** The directory holding {@code package.json} and {@code scenarios.mjs}. */
    public static Path scriptDirectory() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = base.resolve("src/test/js");
        if (!Files.isDirectory(dir)) {
            // running from the repository root (e.g. an IDE with the parent as working directory)
            dir = base.resolve("switchboard-server/src/test/js");
        }
        return dir;
    }

    public static Result run(String scenario, String url, String transport) {
        return run(scenario, url, transport, Map.of());
    }

    public static Result run(String scenario, String url, String transport, Map<String, ?> extra) {
        Duration timeout = DEFAULT_TIMEOUT;
        Object scenarioTimeout = extra.get("timeoutMs");
        if (scenarioTimeout instanceof Number n) {
            timeout = Duration.ofMillis(n.longValue()).plusSeconds(15);
        }
        return run(scenario, url, transport, extra, timeout);
    }

    /**
     * Runs the scenario and returns its observations. Throws an {@link AssertionError} (with the
     * script's output) when node cannot be started, the script fails, times out, or prints no JSON.
     */
    public static Result run(String scenario, String url, String transport, Map<String, ?> extra, Duration timeout) {
        return run(scenario, url, transport, extra, timeout, Map.of());
    }

    /**
     * As {@link #run(String, String, String, Map, Duration)}, with extra environment variables for
     * the node process (e.g. {@code NODE_EXTRA_CA_CERTS} to trust a test certificate).
     */
    public static Result run(String scenario, String url, String transport, Map<String, ?> extra, Duration timeout,
            Map<String, String> environment) {
        Path dir = scriptDirectory();
        if (!Files.isRegularFile(dir.resolve("node_modules/phoenix/package.json"))) {
            throw new AssertionError("npm dependencies are missing in " + dir
                    + ": run `npm ci --no-audit --no-fund` there (the Maven build does this in generate-test-resources)");
        }
        List<String> command = new ArrayList<>();
        command.add(node());
        command.add("scenarios.mjs");
        command.add(scenario);
        command.add("--url");
        command.add(url);
        command.add("--transport");
        command.add(transport);
        try {
            command.add("--extra");
            command.add(MAPPER.writeValueAsString(extra));
        } catch (IOException e) {
            throw new IllegalArgumentException("extra is not serializable: " + extra, e);
        }

        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("scenario-" + scenario + "-", ".out");
            err = Files.createTempFile("scenario-" + scenario + "-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            process = builder.start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            String where = "\n--- command: " + String.join(" ", command) + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
            if (!exited) {
                throw new AssertionError("node scenario " + scenario + " did not finish within " + timeout + where);
            }
            JsonNode json = lastJsonLine(stdout);
            if (process.exitValue() != 0 || json == null || json.has("error")) {
                String error = json != null && json.has("error") ? json.get("error").asText() : "no JSON output";
                throw new AssertionError("node scenario " + scenario + " over " + transport + " failed (exit "
                        + process.exitValue() + "): " + error + where);
            }
            if (Boolean.getBoolean("switchboard.interop.verbose")) {
                System.out.println("scenario " + scenario + " over " + transport + ": " + json.toPrettyString() + "\n" + stderr);
            }
            return new Result(scenario, transport, json, stdout, stderr);
        } catch (IOException e) {
            throw new AssertionError("could not run node scenario " + scenario + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running node scenario " + scenario, e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static JsonNode lastJsonLine(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("{")) {
                try {
                    return MAPPER.readTree(line);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // temp file; the OS cleans up
            }
        }
    }

    private static volatile String node;

    /** The node executable; fails (does not skip) when there is none, as these tests run by default. */
    public static String node() {
        String found = node;
        if (found != null) {
            return found;
        }
        List<String> candidates = new ArrayList<>();
        String property = System.getProperty("switchboard.node");
        if (property != null && !property.isBlank()) {
            candidates.add(property);
        }
        String env = System.getenv("NODE");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "node").toString());
                }
            }
        }
        candidates.add("/usr/bin/node");
        candidates.add("/usr/local/bin/node");
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                node = p.toString();
                return node;
            }
        }
        throw new AssertionError("no node executable found (looked at -Dswitchboard.node, $NODE, $PATH, /usr/bin, /usr/local/bin); "
                + "the phoenix.js interop tests need Node 18+");
    }
}
