package dev.switchboard.cli.bench.report;

import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter.CpuUsage;
import java.util.Locale;
import java.util.Map;

/** The human summary printed on stdout. */
public final class TextReport {
    private TextReport() {}

    public static String render(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("switchboard bench ").append(r.scenario()).append(" -> ").append(r.target()).append('\n');
        sb.append("  parameters: ");
        r.parameters().forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        sb.append('\n');
        for (Map.Entry<String, Object> e : r.results().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-28s %s%n", e.getKey(), format(e.getValue())));
        }
        if (r.latency() != null && r.latency().getTotalCount() > 0) {
            LatencySummary l = LatencySummary.of(r.latency());
            sb.append(String.format(Locale.ROOT, "  %-28s p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (n=%,d)%n",
                    r.latencyLabel() + " (ms)", ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()), l.count()));
        }
        Correctness c = r.correctness();
        if (c != null) {
            sb.append(String.format(Locale.ROOT, "  %-28s expected %,d received %,d lost %,d duplicated %,d out-of-order %,d errors %,d%n",
                    "delivery", c.expected(), c.received(), c.lost(), c.duplicates(), c.outOfOrder(), c.errors()));
        }
        r.failures().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-28s %,d%n", "failed: " + k, v)));
        CpuUsage cpu = r.cpu();
        if (cpu != null) {
            sb.append(String.format(Locale.ROOT, "  %-28s %.0f%% of one core (%.0f%% of %d cores) over %.1f s%n",
                    "bench CPU", cpu.benchPercentOfOneCore(), cpu.benchPercentOfAllCores(), cpu.cores(), cpu.wallNanos() / 1e9));
            if (cpu.hasServer()) {
                sb.append(String.format(Locale.ROOT, "  %-28s %.0f%% of one core (%.0f%% of %d cores)%n",
                        "server CPU", cpu.serverPercentOfOneCore(), cpu.serverPercentOfAllCores(), cpu.cores()));
            }
            if (!Double.isNaN(cpu.machineBusyPercent())) {
                sb.append(String.format(Locale.ROOT, "  %-28s %.0f%% of all cores busy; %.0f%% by other processes%s%n",
                        "machine CPU", cpu.machineBusyPercent(), cpu.othersPercentOfAllCores(),
                        cpu.othersPercentOfAllCores() > 10 ? "  (others competed: results are pessimistic)" : ""));
            }
        }
        for (String note : r.notes()) sb.append("  note: ").append(note).append('\n');
        sb.append(r.flagged() ? "  RESULT: FLAGGED - delivery errors or failures above; do not trust the rates\n" : "  RESULT: ok\n");
        return sb.toString();
    }

    static String format(Object v) {
        if (v instanceof Double d) return String.format(Locale.ROOT, d >= 100 ? "%,.0f" : "%,.2f", d);
        if (v instanceof Float f) return format(f.doubleValue());
        if (v instanceof Long || v instanceof Integer) return String.format(Locale.ROOT, "%,d", v);
        return String.valueOf(v);
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, micros >= 10_000 ? "%.0f" : "%.2f", micros / 1000.0);
    }
}
