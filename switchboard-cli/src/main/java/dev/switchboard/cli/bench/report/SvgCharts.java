package dev.switchboard.cli.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * Small self-contained SVG charts for the HTML report (no scripts, no external resources): a
 * latency percentile plot, a latency distribution and a per-100 ms timeline.
 */
public final class SvgCharts {
    private static final int W = 760, H = 300, LEFT = 70, RIGHT = 20, TOP = 30, BOTTOM = 45;
    private static final int PW = W - LEFT - RIGHT, PH = H - TOP - BOTTOM;
    private static final String[] PCT_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};

    private SvgCharts() {}

    /** Latency (ms) against percentile on the usual 1/(1-p) log axis, from (percentile, µs) points. */
    public static String percentilePlot(String title, List<double[]> curve) {
        StringBuilder sb = open(title);
        double maxMs = 0;
        for (double[] p : curve) maxMs = Math.max(maxMs, p[1] / 1000.0);
        double top = niceCeiling(maxMs);
        yAxis(sb, top, "latency (ms)");
        for (int i = 0; i < PCT_LABELS.length; i++) {
            double x = LEFT + PW * i / 5.0;
            sb.append(line(x, TOP, x, TOP + PH, "#e3e3e3"));
            sb.append(text(x, TOP + PH + 18, PCT_LABELS[i], "middle"));
        }
        sb.append(text(LEFT + PW / 2.0, H - 6, "percentile", "middle"));
        StringBuilder pts = new StringBuilder();
        for (double[] p : curve) {
            double level = Math.min(p[0], 99.999);
            double x = LEFT + PW * Math.min(5, Math.log10(100.0 / (100.0 - level))) / 5.0;
            double y = TOP + PH - PH * (p[1] / 1000.0) / top;
            pts.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        sb.append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
        return close(sb);
    }

    /** Counts per latency bucket, from (bucket upper bound µs, count) pairs. */
    public static String distribution(String title, List<double[]> buckets) {
        StringBuilder sb = open(title);
        double max = 0;
        for (double[] b : buckets) max = Math.max(max, b[1]);
        double top = niceCeiling(max);
        yAxis(sb, top, "count");
        int n = Math.max(1, buckets.size());
        double bw = (double) PW / n;
        for (int i = 0; i < buckets.size(); i++) {
            double[] b = buckets.get(i);
            double h = PH * b[1] / top;
            double x = LEFT + i * bw;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#2da44e\"/>%n",
                    fmt(x + 1), fmt(TOP + PH - h), fmt(Math.max(1, bw - 2)), fmt(h)));
            if (n <= 16 || i % Math.ceil(n / 16.0) == 0) {
                sb.append(text(x + bw / 2, TOP + PH + 18, "≤" + duration(b[0]), "middle"));
            }
        }
        sb.append(text(LEFT + PW / 2.0, H - 6, "latency bucket", "middle"));
        return close(sb);
    }

    /** Events per bucket over time, as a filled line. */
    public static String timeline(String title, long[] counts, long bucketMillis, String yLabel) {
        StringBuilder sb = open(title);
        long max = 0;
        for (long c : counts) max = Math.max(max, c);
        double top = niceCeiling(max);
        yAxis(sb, top, yLabel);
        double seconds = Math.max(counts.length * bucketMillis / 1000.0, 0.1);
        double step = niceCeiling(seconds / 8);
        for (double s = 0; s <= seconds + 1e-9; s += step) {
            double x = LEFT + PW * s / seconds;
            sb.append(line(x, TOP, x, TOP + PH, "#e3e3e3"));
            sb.append(text(x, TOP + PH + 18, trim(s) + " s", "middle"));
        }
        sb.append(text(LEFT + PW / 2.0, H - 6, "time since start", "middle"));
        StringBuilder pts = new StringBuilder().append(fmt(LEFT)).append(',').append(fmt(TOP + PH)).append(' ');
        for (int i = 0; i < counts.length; i++) {
            double y = TOP + PH - PH * counts[i] / top;
            pts.append(fmt(LEFT + PW * (i * bucketMillis / 1000.0) / seconds)).append(',').append(fmt(y)).append(' ');
            pts.append(fmt(LEFT + PW * ((i + 1) * bucketMillis / 1000.0) / seconds)).append(',').append(fmt(y)).append(' ');
        }
        pts.append(fmt(LEFT + PW * (counts.length * bucketMillis / 1000.0) / seconds)).append(',').append(fmt(TOP + PH));
        sb.append("<polygon fill=\"#cfe2ff\" stroke=\"#1f6feb\" stroke-width=\"1\" points=\"").append(pts).append("\"/>\n");
        return close(sb);
    }

    private static StringBuilder open(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        sb.append(text(W / 2.0, 18, HtmlReport.escape(title), "middle").replace("<text ", "<text font-weight=\"bold\" font-size=\"13\" "));
        return sb;
    }

    private static String close(StringBuilder sb) {
        sb.append(line(LEFT, TOP + PH, LEFT + PW, TOP + PH, "#333")).append(line(LEFT, TOP, LEFT, TOP + PH, "#333"));
        return sb.append("</svg>\n").toString();
    }

    private static void yAxis(StringBuilder sb, double top, String label) {
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = TOP + PH - PH * i / 4.0;
            sb.append(line(LEFT, y, LEFT + PW, y, "#eeeeee"));
            sb.append(text(LEFT - 6, y + 4, compact(v), "end"));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%s\" transform=\"rotate(-90 14 %s)\" text-anchor=\"middle\">%s</text>%n",
                fmt(TOP + PH / 2.0), fmt(TOP + PH / 2.0), HtmlReport.escape(label)));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v} (and positive). */
    static double niceCeiling(double v) {
        if (!(v > 0)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) return m * p;
        }
        return 10 * p;
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>%n",
                fmt(x1), fmt(y1), fmt(x2), fmt(y2), color);
    }

    private static String text(double x, double y, String s, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\">%s</text>%n", fmt(x), fmt(y), anchor, s);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String compact(double v) {
        if (v >= 1e6) return trim(v / 1e6) + "M";
        if (v >= 1e3) return trim(v / 1e3) + "k";
        return v >= 10 || v == 0 ? trim(Math.rint(v)) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String duration(double micros) {
        if (micros >= 1e6) return trim(micros / 1e6) + "s";
        if (micros >= 1e3) return trim(micros / 1e3) + "ms";
        return trim(micros) + "µs";
    }
}
