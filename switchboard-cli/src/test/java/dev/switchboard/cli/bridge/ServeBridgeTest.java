package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchboard serve --bridge} in its own JVM: user bridges next to the demo's metrics and calculator. */
class ServeBridgeTest {

    @Test
    void serveBridgesUserProgramsAndTheDemosOwn() throws Exception {
        try (CliProcess serve = CliProcess.start(List.of("serve", "--port", "0", "--bridge", "echo:*[lines]=cat"),
                "Switchboard listening on", null);
             PhoenixWire wire = new PhoenixWire(serve.port())) {
            String echo = wire.join("echo:1");
            wire.send(echo, "echo:1", "line", "{\"line\":\"hello ✓\"}");
            assertThat(wire.event("echo:1", "line").at("/4/line").asText()).isEqualTo("hello ✓");

            wire.join("metrics:system");
            JsonNode sample = wire.event("metrics:system", "data").get(4);
            assertThat(sample.get("cpu").isNumber()).isTrue();
            assertThat(sample.get("mem_total_mb").asLong()).isPositive();

            String calc = wire.join("calc:1");
            wire.send(calc, "calc:1", "line", "{\"line\":\"6*7\"}");
            assertThat(wire.event("calc:1", "line").at("/4/line").asText()).isEqualTo("42");

            assertThat(serve.output()).contains("Bridged programs: echo:* (per join, lines) -> cat; metrics:* (per topic, json)")
                    .contains("calc:* (per join, lines) -> bc -q");
            List<ProcessHandle> programs = ProcessHandle.of(serve.pid()).orElseThrow().descendants().toList();
            assertThat(programs).hasSizeGreaterThanOrEqualTo(3);

            serve.stop(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(5)).until(() -> programs.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void theGlobalCapRefusesJoinsWithTheReasonAndCountsThemAndStderrGoesToTheLog() throws Exception {
        try (CliProcess serve = CliProcess.start(List.of("serve", "--port", "0", "--bridge-max-processes", "1",
                        "--bridge", "warn:*[lines,shell]=echo 'a note on stderr' >&2; exec cat"),
                "Switchboard listening on", null);
             PhoenixWire wire = new PhoenixWire(serve.port())) {
            String warn = wire.join("warn:1");
            wire.send(warn, "warn:1", "line", "{\"line\":\"still here\"}");
            assertThat(wire.event("warn:1", "line").at("/4/line").asText()).isEqualTo("still here");
            await().atMost(Duration.ofSeconds(5)).until(() -> serve.output().contains("a note on stderr"));

            JsonNode refused = wire.joinReply("warn:2");

            assertThat(refused.at("/4/status").asText()).isEqualTo("error");
            assertThat(refused.at("/4/response/reason").asText()).isEqualTo("max processes (1) reached: 1 programs running");
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + serve.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("switchboard_bridge_refusals_total{mode=\"channel\",reason=\"max_processes\"} 1.0")
                    .contains("switchboard_bridge_programs_running{mode=\"channel\"} 1.0");
            serve.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    void aBadBridgeIsAUsageErrorNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("serve", "--port", "0", "--bridge", "nope")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--bridge 'nope': expected PATTERN=COMMAND, got 'nope'");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--bridge", "x:*[fast]=cat")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--bridge 'x:*[fast]=cat': unknown bridge option 'fast'");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--bridge", "x:*=no-such-program-here")).isEqualTo(2);
        assertThat(err.toString()).contains("'no-such-program-here' is not an executable file on the PATH");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--bridge-max-processes", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--bridge-max-processes: max processes must be at least 1, got 0");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--bridge-closems", "-5")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--bridge-closems: closeMs must be 0..60000, got -5");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--bridge-passenv", "PATH,NOT-A-NAME")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--bridge-passenv: not an environment variable name: 'NOT-A-NAME'");
    }
}
