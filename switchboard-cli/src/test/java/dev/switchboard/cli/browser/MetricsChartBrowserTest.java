package dev.switchboard.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.cli.demo.DemoApp;
import dev.switchboard.cli.demo.DemoBridges;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.js.BrowserScenario;
import dev.switchboard.testsupport.js.ScriptResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chat page's server metrics chart in headless Chromium: the demo bridges its system-metrics
 * program per topic on {@code metrics:*}, as {@code switchboard serve} does, and the page draws the
 * samples it broadcasts. Needs node and Chromium, as {@link ChatPageBrowserTest}.
 *
 * <p>Leaves {@code target/browser-artifacts/metrics.png}.
 */
class MetricsChartBrowserTest {

    @Test
    void thePageChartsTheBridgedMetricsProgram() throws Exception {
        BrowserScenario.requireTools();
        Bridges bridges = Bridges.builder().bridges(DemoBridges.defaults()).build();
        SwitchboardServer server = SwitchboardServer.builder().port(0).socket(DemoApp.socket(bridges))
                .staticResources("web").broadcastApi(true).build().start();
        bridges.attach(server);
        try {
            ScriptResult result = BrowserScenario.run("metrics", Map.of(
                    "server", "http://127.0.0.1:" + server.port(), "samples", 3,
                    "screenshot", BrowserScenario.artifacts().resolve("metrics.png").toString()));

            result.verify(obs -> {
                assertThat(obs.get("visible").asBoolean()).isTrue();
                assertThat(obs.get("state").asText()).isEqualTo("live");
                assertThat(obs.get("samples").asInt()).isGreaterThanOrEqualTo(3);
                assertThat(obs.get("cpu").asText()).matches("CPU \\d+\\.\\d %");
                assertThat(obs.get("mem").asText()).matches("memory \\d+ of \\d+ MB");
                assertThat(obs.get("cpuPoints").asText().split(" ")).hasSizeGreaterThanOrEqualTo(3);
                assertThat(obs.at("/network/pageErrors")).isEmpty();
                assertThat(obs.at("/network/consoleErrors")).isEmpty();
            });
            assertThat(bridges.metrics().startedCount()).as("one program for the topic").isEqualTo(1);
        } finally {
            server.close();
            bridges.close();
        }
        assertThat(bridges.runningPrograms()).isZero();
    }
}
