package dev.switchboard.testsupport.js;

import dev.switchboard.testsupport.process.MissingToolException;
import dev.switchboard.testsupport.process.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one scenario of {@code browser/chat-page.mjs}: Node drives the system's Chromium through
 * {@code playwright-core} and prints what the page showed.
 *
 * <p>node and Chromium are {@link Tool#NODE} and {@link Tool#CHROMIUM}. When one is missing,
 * {@link #requireTools()} fails the test if the environment variable {@code CI} is set (as where
 * {@code .ci/run} runs) and skips it otherwise, so a developer without a browser can still build.
 * With {@code -Dswitchboard.browser.verbose=true} every observation is printed to the test output.
 */
public final class BrowserScenario {
    /** The script, in the test scripts' npm project; {@code cross-origin.html} lies beside it. */
    public static final String SCRIPT = "browser/chat-page.mjs";
    /** Longer than the script's own watchdog (45 s), so that the script usually reports first. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BrowserScenario() {}

    /** Finds node and Chromium, or fails (under CI) or skips the test (elsewhere), naming what to install. */
    public static void requireTools() {
        require(Tool.NODE);
        require(Tool.CHROMIUM);
    }

    /** The directory of the script and of the pages it serves ({@code cross-origin.html}). */
    public static Path scriptDirectory() {
        return NodeScript.script(SCRIPT).getParent();
    }

    /** {@code target/browser-artifacts} of the module under test (screenshots), created when missing. */
    public static Path artifacts() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return Files.createDirectories(base.resolve("target").resolve("browser-artifacts"));
    }

    /**
     * Runs {@code scenario} with this configuration (the Chromium path is added) and returns the
     * observations; an {@link AssertionError} with the script's output when it fails.
     */
    public static ScriptResult run(String scenario, Map<String, ?> config) {
        requireTools();
        Map<String, Object> full = new LinkedHashMap<>(config);
        full.put("chromium", Tool.CHROMIUM.path().toString());
        ScriptResult result = NodeScript.run(SCRIPT, List.of(scenario, "--config", NodeScript.jsonArgument(full)), Map.of(),
                TIMEOUT, "browser scenario " + scenario);
        if (Boolean.getBoolean("switchboard.browser.verbose")) {
            System.out.println(result.description() + ": " + result.json().toPrettyString() + "\n" + result.stderr());
        }
        return result;
    }

    private static void require(Tool tool) {
        try {
            tool.path();
        } catch (MissingToolException e) {
            if (inCi()) {
                throw new AssertionError(e.getMessage() + " [CI is set, so this fails instead of skipping]", e);
            }
            Assumptions.abort(e.getMessage() + " [skipped because CI is not set]");
        }
    }

    /** CI systems (and .ci/run's caller) set CI, usually to "true". */
    private static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }
}
