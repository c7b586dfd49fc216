package dev.switchboard.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one scenario of {@code src/test/browser/chat-page.mjs}: Node drives the system's Chromium
 * through {@code playwright-core} and prints one JSON line of observations. The script records,
 * the Java tests judge.
 *
 * <p>Tools: {@code node} from {@code -Dswitchboard.node}, {@code $NODE} or the {@code PATH};
 * Chromium from {@code -Dswitchboard.chromium}, {@code $CHROMIUM}, then {@code /usr/bin/chromium}
 * (Debian's package) and the usual other names. When one is missing, {@link #requireTools()}
 * fails the test if the environment variable {@code CI} is set and skips it otherwise.
 * With {@code -Dswitchboard.browser.verbose=true} every observation is printed to the test output.
 */
final class BrowserScenario {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Longer than the script's own watchdog (45 s), so that the script usually reports first. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> CHROMIUM_CANDIDATES = List.of(
            "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");

    private static String node;
    private static String chromium;

    private BrowserScenario() {}

    /** What one run printed: the observations and the script's progress notes. */
    record Result(String scenario, JsonNode json, String stderr) {

        /** Runs assertions on the observations; a failure message then also shows them and stderr. */
        void verify(Consumer<JsonNode> assertions) {
            try {
                assertions.accept(json);
            } catch (AssertionError e) {
                AssertionError wrapped = new AssertionError(e.getMessage() + context(), e);
                wrapped.setStackTrace(e.getStackTrace());
                throw wrapped;
            }
        }

        String context() {
            return "\n--- browser scenario " + scenario + ", observations:\n" + json.toPrettyString()
                    + "\n--- node stderr:\n" + stderr;
        }
    }

    /**
     * Finds node and Chromium and checks that the build installed {@code playwright-core}. A
     * missing node or Chromium fails under CI and skips (JUnit assumption) elsewhere; missing npm
     * dependencies always fail, as the build installs them.
     */
    static synchronized void requireTools() {
        if (node == null) {
            node = firstExecutable(nodeCandidates());
            require(node != null, "no node executable found (looked at -Dswitchboard.node, $NODE, $PATH); "
                    + "the browser tests run Node 18+ (Debian: apt-get install nodejs npm)");
        }
        if (chromium == null) {
            List<String> candidates = new ArrayList<>();
            addIfSet(candidates, System.getProperty("switchboard.chromium"));
            addIfSet(candidates, System.getenv("CHROMIUM"));
            candidates.addAll(CHROMIUM_CANDIDATES);
            chromium = firstExecutable(candidates);
            require(chromium != null, "no Chromium found (looked at -Dswitchboard.chromium, $CHROMIUM, "
                    + String.join(", ", CHROMIUM_CANDIDATES) + "); the browser tests drive the system's Chromium "
                    + "(Debian: apt-get install chromium; .ci/run installs it)");
        }
        Path playwright = scriptDirectory().resolve("node_modules/playwright-core/package.json");
        if (!Files.isRegularFile(playwright)) {
            throw new AssertionError("playwright-core is missing in " + scriptDirectory()
                    + ": run `npm ci --no-audit --no-fund` there (the Maven build does this in generate-test-resources)");
        }
    }

    /** {@code src/test/browser}: package.json, chat-page.mjs and the other-origin page. */
    static Path scriptDirectory() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = base.resolve("src/test/browser");
        if (!Files.isDirectory(dir)) {
            dir = base.resolve("switchboard-cli/src/test/browser"); // run from the repository root
        }
        return dir;
    }

    /** {@code target/browser-artifacts}, where screenshots go; created when missing. */
    static Path artifacts() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path target = Files.isDirectory(base.resolve("src/test/browser")) ? base.resolve("target")
                : base.resolve("switchboard-cli/target");
        return Files.createDirectories(target.resolve("browser-artifacts"));
    }

    /**
     * Runs the scenario with this configuration (besides the Chromium path, which is added) and
     * returns its observations. Throws an {@link AssertionError} with the script's output when
     * the script fails, times out or prints no JSON.
     */
    static Result run(String scenario, Map<String, ?> config) {
        requireTools();
        Map<String, Object> full = new LinkedHashMap<>(config);
        full.put("chromium", chromium);
        List<String> command = new ArrayList<>();
        command.add(node);
        command.add("chat-page.mjs");
        command.add(scenario);
        command.add("--config");
        try {
            command.add(MAPPER.writeValueAsString(full));
        } catch (IOException e) {
            throw new IllegalArgumentException("config is not serializable: " + config, e);
        }

        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("browser-" + scenario + "-", ".out");
            err = Files.createTempFile("browser-" + scenario + "-", ".err");
            process = new ProcessBuilder(command)
                    .directory(scriptDirectory().toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            boolean exited = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                killTree(process);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            String where = "\n--- command: " + String.join(" ", command) + "\n--- stdout:\n" + stdout
                    + "\n--- stderr:\n" + stderr;
            if (!exited) {
                throw new AssertionError("browser scenario " + scenario + " did not finish within " + TIMEOUT + where);
            }
            JsonNode json = lastJsonLine(stdout);
            if (process.exitValue() != 0 || json == null || json.has("error")) {
                String error = json != null && json.has("error") ? json.get("error").asText() : "no JSON output";
                throw new AssertionError("browser scenario " + scenario + " failed (exit " + process.exitValue()
                        + "): " + error + where);
            }
            if (Boolean.getBoolean("switchboard.browser.verbose")) {
                System.out.println("browser scenario " + scenario + ": " + json.toPrettyString() + "\n" + stderr);
            }
            return new Result(scenario, json, stderr);
        } catch (IOException e) {
            throw new AssertionError("could not run browser scenario " + scenario + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running browser scenario " + scenario, e);
        } finally {
            if (process != null && process.isAlive()) {
                killTree(process);
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Chromium first: it is a child of node, and would outlive it. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void require(boolean condition, String message) {
        if (condition) {
            return;
        }
        if (inCi()) {
            throw new AssertionError(message + " [CI is set, so this fails instead of skipping]");
        }
        Assumptions.abort(message + " [skipped because CI is not set]");
    }

    /** CI systems (and .ci/run's caller) set CI, usually to "true". */
    private static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    private static List<String> nodeCandidates() {
        List<String> candidates = new ArrayList<>();
        addIfSet(candidates, System.getProperty("switchboard.node"));
        addIfSet(candidates, System.getenv("NODE"));
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
        return candidates;
    }

    private static void addIfSet(List<String> candidates, String value) {
        if (value != null && !value.isBlank()) {
            candidates.add(value);
        }
    }

    private static String firstExecutable(List<String> candidates) {
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
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
                // a temp file; the OS cleans up
            }
        }
    }
}
