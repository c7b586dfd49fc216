package dev.switchboard.testsupport.js;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario of {@code phoenix/scenarios.mjs}: the official phoenix.js client in Node
 * against a server, printing what it saw. The behaviour spec lives in the Java assertions.
 * With {@code -Dswitchboard.interop.verbose=true} every observation is printed to the test output.
 */
public final class PhoenixScenario {
    /** The script of the scenarios, in the test scripts' npm project. */
    public static final String SCRIPT = "phoenix/scenarios.mjs";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private PhoenixScenario() {}

    /** {@code scenario} against {@code url} (e.g. {@code http://127.0.0.1:PORT/socket}) over {@code websocket} or {@code longpoll}. */
    public static ScriptResult run(String scenario, String url, String transport) {
        return run(scenario, url, transport, Map.of());
    }

    /**
     * With scenario parameters ({@code --extra}); a {@code timeoutMs} among them extends the
     * overall timeout (30 s by default) to it plus 15 s.
     */
    public static ScriptResult run(String scenario, String url, String transport, Map<String, ?> extra) {
        Duration timeout = DEFAULT_TIMEOUT;
        if (extra.get("timeoutMs") instanceof Number n) {
            timeout = Duration.ofMillis(n.longValue()).plusSeconds(15);
        }
        return run(scenario, url, transport, extra, timeout, Map.of());
    }

    /**
     * The general form: an explicit timeout, and environment variables for node (e.g. {@code
     * NODE_EXTRA_CA_CERTS} to trust a test certificate).
     */
    public static ScriptResult run(String scenario, String url, String transport, Map<String, ?> extra, Duration timeout,
            Map<String, String> environment) {
        ScriptResult result = NodeScript.run(SCRIPT, List.of(scenario, "--url", url, "--transport", transport,
                "--extra", NodeScript.jsonArgument(extra)), environment, timeout, "scenario " + scenario + " over " + transport);
        if (Boolean.getBoolean("switchboard.interop.verbose")) {
            System.out.println(result.description() + ": " + result.json().toPrettyString() + "\n" + result.stderr());
        }
        return result;
    }
}
