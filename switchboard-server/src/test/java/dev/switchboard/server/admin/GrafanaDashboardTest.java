package dev.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/switchboard.json, the long-term counterpart of the dashboard, charts only series a
 * server exports: every metric its queries name appears in {@code GET /metrics}.
 */
class GrafanaDashboardTest {
    private static final Pattern METRIC = Pattern.compile("switchboard_[a-z_]+");

    @Test
    void everyQueriedMetricIsExported() throws Exception {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        JsonNode dashboard = AdminClient.JSON.readTree(Files.readString(base.resolveSibling("docs/grafana/switchboard.json")));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertThat(queried).hasSizeGreaterThanOrEqualTo(8);

        try (SwitchboardServer server = AdminServers.start()) {
            String metrics = new AdminClient(server.port(), null).get("/metrics").body();
            for (String metric : queried) {
                assertThat(metrics).as("GET /metrics exports %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
            }
        }
    }
}
