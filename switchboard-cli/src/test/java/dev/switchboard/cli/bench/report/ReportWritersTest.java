package dev.switchboard.cli.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter.CpuUsage;
import dev.switchboard.cli.bench.stats.Recorders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
    @TempDir
    Path dir;

    private static BenchResult result(Correctness correctness) {
        Histogram h = Recorders.newHistogram();
        for (int i = 1; i <= 1000; i++) h.recordValue(i * 10_000L); // 10 µs .. 10 ms
        return new BenchResult("fanout", "ws://127.0.0.1:4000/socket/websocket?vsn=2.0.0")
                .param("subscribers", 1000).param("messages", 2000)
                .result("deliveries_per_s", 123456.7).result("subscribers_joined", 1000)
                .client("transport", "epoll")
                .latency("publish-to-delivery latency", h)
                .timeline("deliveries", new long[] {5, 10, 0, 7})
                .correctness(correctness)
                .cpu(new CpuUsage(2_000_000_000L, 1_000_000_000L, 3_000_000_000L, 2, 90.0))
                .note("a note");
    }

    @Test
    void jsonHasEveryFigureParameterAndTheMachine() throws Exception {
        Path file = dir.resolve("out/run.json");
        JsonReport.write(result(new Correctness(10, 10, 0, 0, 0, 0)), file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("scenario").asText()).isEqualTo("fanout");
        assertThat(json.path("date").asText()).isNotEmpty();
        assertThat(json.path("flagged").asBoolean()).isFalse();
        assertThat(json.path("parameters").path("subscribers").asInt()).isEqualTo(1000);
        assertThat(json.path("results").path("deliveries_per_s").asDouble()).isEqualTo(123456.7);
        for (String p : new String[] {"p50", "p90", "p99", "p99_9", "max", "count"}) {
            assertThat(json.path("latency_us").has(p)).as(p).isTrue();
        }
        assertThat(json.path("latency_us").path("p50").asDouble()).isBetween(4900.0, 5100.0);
        assertThat(json.path("latency_us").path("percentile_curve").size()).isGreaterThan(5);
        assertThat(json.path("timeline").path("bucket_ms").asInt()).isEqualTo(100);
        assertThat(json.path("timeline").path("counts").toString()).isEqualTo("[5,10,0,7]");
        assertThat(json.path("correctness").path("lost").asLong()).isZero();
        assertThat(json.path("correctness").has("duplicated")).isTrue();
        assertThat(json.path("correctness").has("out_of_order")).isTrue();
        assertThat(json.path("cpu").path("bench_percent_of_one_core").asDouble()).isEqualTo(50.0);
        assertThat(json.path("cpu").path("bench_percent_of_all_cores").asDouble()).isEqualTo(25.0);
        assertThat(json.path("cpu").path("server_percent_of_one_core").asDouble()).isEqualTo(150.0);
        assertThat(json.path("cpu").path("other_processes_percent_of_all_cores").asDouble()).isEqualTo(0.0);
        JsonNode machine = json.path("machine");
        assertThat(machine.path("cores").asInt()).isPositive();
        assertThat(machine.path("memory_bytes").asLong()).isPositive();
        assertThat(machine.path("kernel").asText()).isNotEmpty();
        assertThat(machine.path("jdk").asText()).isNotEmpty();
        assertThat(json.path("client").path("transport").asText()).isEqualTo("epoll");
    }

    @Test
    void htmlIsSelfContainedWithSvgPlots() throws Exception {
        Path file = dir.resolve("run.html");
        HtmlReport.write(result(new Correctness(10, 10, 0, 0, 0, 0)), file);

        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("by percentile")
                .contains("deliveries per 100 ms").contains("<polyline").contains("<polygon")
                .contains("Every receiver got every message");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "<script", "<link");
    }

    @Test
    void aRunWithLostMessagesIsFlaggedEverywhere() throws Exception {
        BenchResult flagged = result(new Correctness(10, 9, 1, 0, 0, 0));

        assertThat(flagged.flagged()).isTrue();
        assertThat(TextReport.render(flagged)).contains("lost 1").contains("FLAGGED");
        assertThat(HtmlReport.render(flagged)).contains("class=\"flag\"");
        assertThat(new ObjectMapper().valueToTree(JsonReport.toMap(flagged)).path("flagged").asBoolean()).isTrue();
    }

    @Test
    void failuresAloneFlagARun() {
        BenchResult r = new BenchResult("churn", "ws://x").failures(Map.of("connect: refused", 3L));

        assertThat(r.flagged()).isTrue();
        assertThat(TextReport.render(r)).contains("failed: connect: refused").contains("3");
    }

    @Test
    void theTextSummaryShowsRatesPercentilesAndBothCpus() {
        String text = TextReport.render(result(new Correctness(10, 10, 0, 0, 0, 0)));

        assertThat(text).contains("deliveries_per_s").contains("123,457").contains("p99.9")
                .contains("bench CPU").contains("50% of one core").contains("server CPU").contains("RESULT: ok");
    }

    @Test
    void niceAxisBoundsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgCharts.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgCharts.niceCeiling(3)).isEqualTo(5);
        assertThat(SvgCharts.niceCeiling(120)).isEqualTo(200);
        assertThat(SvgCharts.niceCeiling(1000)).isEqualTo(1000);
    }
}
