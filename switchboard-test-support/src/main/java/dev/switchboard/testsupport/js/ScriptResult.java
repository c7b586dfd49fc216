package dev.switchboard.testsupport.js;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * What one script run printed.
 *
 * @param description what ran, e.g. {@code scenario ping over websocket}
 * @param json        the last JSON line of stdout: the observations
 * @param stdout      everything on stdout
 * @param stderr      the script's progress notes
 */
public record ScriptResult(String description, JsonNode json, String stdout, String stderr) {

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
        return "\n--- " + description + ", observations:\n" + json.toPrettyString() + "\n--- node stderr:\n" + stderr;
    }
}
