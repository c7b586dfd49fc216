package dev.switchboard.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.DemoServers;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.js.BrowserScenario;
import dev.switchboard.testsupport.js.ScriptResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard at {@code /dashboard} of the demo server in headless Chromium, with a real
 * phoenix.js client in Node: the live numbers move when the client connects and pushes, the
 * page's publish reaches the client, and the page's disconnect closes it. Needs node and
 * Chromium, as {@link ChatPageBrowserTest}.
 *
 * <p>Leaves {@code target/browser-artifacts/dashboard.png}.
 */
class DashboardBrowserTest {

    @Test
    void theDashboardShowsLiveNumbersPublishesAndDisconnects() throws Exception {
        BrowserScenario.requireTools();
        try (SwitchboardServer server = DemoServers.start()) {
            ScriptResult result = BrowserScenario.run("dashboard", Map.of(
                    "server", "http://127.0.0.1:" + server.port(), "topic", "room:dashboard", "pushes", 5,
                    "screenshot", BrowserScenario.artifacts().resolve("dashboard.png").toString()));

            result.verify(obs -> {
                JsonNode before = obs.get("before");
                JsonNode after = obs.get("after");
                assertThat(after.get("connections").asInt()).isGreaterThan(before.get("connections").asInt());
                assertThat(after.get("in-total").asInt()).as("the join and five pushes").isGreaterThanOrEqualTo(5);
                assertThat(obs.get("chartPoints").asInt()).isGreaterThanOrEqualTo(1);

                assertThat(obs.at("/published/body").asText()).isEqualTo("hello from the dashboard");
                assertThat(obs.get("publishResult").asText()).startsWith("published msg to room:dashboard at ");

                assertThat(obs.at("/connectionRow/1").asText()).isEqualTo("websocket");
                assertThat(obs.at("/connectionRow/4").asText()).isEqualTo("room:dashboard");
                assertThat(obs.get("clientCloses").get(0).asInt()).isEqualTo(1001);
                assertThat(obs.get("disconnectResult").asText()).startsWith("disconnected connection ");
                assertThat(obs.get("closesTable").asText()).contains("disconnected");

                assertThat(obs.get("dialogs")).hasSize(2);
                assertThat(obs.at("/dialogs/0").asText()).startsWith("Publish 'msg' to room:dashboard?");
                assertThat(obs.at("/dialogs/1").asText()).startsWith("Disconnect connection ");
                assertThat(obs.at("/network/pageErrors")).isEmpty();
                assertThat(obs.at("/network/consoleErrors")).isEmpty();
            });
        }
    }
}
