package dev.switchboard.cli.bench.report;

import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter.CpuUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code --html FILE}: one self-contained page (inline CSS and SVG, nothing fetched). */
public final class HtmlReport {
    private HtmlReport() {}

    public static void write(BenchResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, render(r));
    }

    public static String render(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>switchboard bench ")
                .append(escape(r.scenario())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.flag{background:#ffebe9;border:1px solid #cf222e;padding:0.6em}\n")
                .append(".ok{background:#dafbe1;border:1px solid #2da44e;padding:0.6em}svg{display:block;margin:1em 0}\n")
                .append("</style></head><body>\n");
        sb.append("<h1>switchboard bench ").append(escape(r.scenario())).append("</h1>\n");
        sb.append("<p>Target <code>").append(escape(r.target())).append("</code>, ").append(escape(r.date().toString())).append("</p>\n");
        sb.append(r.flagged()
                ? "<p class=\"flag\"><b>Flagged:</b> messages were lost, duplicated or out of order, or operations failed. The rates below are not trustworthy.</p>\n"
                : "<p class=\"ok\">Every receiver got every message exactly once and in order; no failures.</p>\n");
        sb.append("<h2>Results</h2>\n").append(table(r.results()));
        if (r.latency() != null && r.latency().getTotalCount() > 0) {
            LatencySummary l = LatencySummary.of(r.latency());
            sb.append("<h2>").append(escape(r.latencyLabel())).append("</h2>\n");
            sb.append("<table><tr><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr><tr>")
                    .append(num(l.count())).append(ms(l.p50())).append(ms(l.p90())).append(ms(l.p99())).append(ms(l.p999())).append(ms(l.max()))
                    .append("</tr></table>\n");
            sb.append(SvgCharts.percentilePlot(r.latencyLabel() + " by percentile", LatencySummary.percentileCurve(r.latency())));
            sb.append(SvgCharts.distribution(r.latencyLabel() + " distribution", LatencySummary.distribution(r.latency())));
        }
        if (r.timeline() != null && r.timeline().length > 0) {
            sb.append("<h2>").append(escape(r.timelineLabel())).append(" over time</h2>\n");
            sb.append(SvgCharts.timeline(r.timelineLabel() + " per 100 ms", r.timeline(), 100, r.timelineLabel() + " / 100 ms"));
        }
        Correctness c = r.correctness();
        if (c != null) {
            sb.append("<h2>Delivery</h2>\n<table><tr><th>expected</th><th>received</th><th>lost</th><th>duplicated</th><th>out of order</th><th>errors</th></tr><tr>")
                    .append(num(c.expected())).append(num(c.received())).append(num(c.lost())).append(num(c.duplicates()))
                    .append(num(c.outOfOrder())).append(num(c.errors())).append("</tr></table>\n");
        }
        if (!r.failures().isEmpty()) sb.append("<h2>Failures</h2>\n").append(table(r.failures()));
        CpuUsage cpu = r.cpu();
        if (cpu != null) {
            sb.append("<h2>CPU</h2>\n<table><tr><th></th><th>% of one core</th><th>% of all ").append(cpu.cores()).append(" cores</th></tr>\n")
                    .append("<tr><td>bench (this process)</td>").append(pct(cpu.benchPercentOfOneCore())).append(pct(cpu.benchPercentOfAllCores())).append("</tr>\n");
            if (cpu.hasServer()) {
                sb.append("<tr><td>server</td>").append(pct(cpu.serverPercentOfOneCore())).append(pct(cpu.serverPercentOfAllCores())).append("</tr>\n");
            }
            if (!Double.isNaN(cpu.machineBusyPercent())) {
                sb.append("<tr><td>other processes</td><td></td>").append(pct(cpu.othersPercentOfAllCores())).append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<h2>Parameters</h2>\n").append(table(r.parameters()));
        sb.append("<h2>Client</h2>\n").append(table(r.clientInfo()));
        sb.append("<h2>Machine</h2>\n<table>")
                .append(row("cores", r.machine().cores())).append(row("memory", r.machine().memoryBytes() / (1 << 20) + " MiB"))
                .append(row("CPU", r.machine().cpuModel())).append(row("OS", r.machine().os() + " " + r.machine().kernel()))
                .append(row("JDK", r.machine().jdk())).append("</table>\n");
        if (!r.notes().isEmpty()) {
            sb.append("<h2>Notes</h2>\n<ul>");
            r.notes().forEach(n -> sb.append("<li>").append(escape(n)).append("</li>"));
            sb.append("</ul>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String table(Map<String, ?> m) {
        if (m.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("<table>\n");
        m.forEach((k, v) -> sb.append(row(k, v)));
        return sb.append("</table>\n").toString();
    }

    private static String row(String k, Object v) {
        String cls = v instanceof Number ? " class=\"n\"" : "";
        return "<tr><th>" + escape(k) + "</th><td" + cls + ">" + escape(TextReport.format(v)) + "</td></tr>\n";
    }

    private static String num(long v) {
        return String.format(Locale.ROOT, "<td class=\"n\">%,d</td>", v);
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "<td class=\"n\">%.2f ms</td>", micros / 1000.0);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "<td class=\"n\">%.0f%%</td>", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
