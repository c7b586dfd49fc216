package dev.switchboard.cli.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The percentiles the reports show, in microseconds, from a nanosecond histogram. */
public record LatencySummary(long count, double min, double mean, double p50, double p90, double p99,
        double p999, double max) {

    public static LatencySummary of(Histogram h) {
        return new LatencySummary(h.getTotalCount(), us(h.getMinValue()), h.getMean() / 1000.0,
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("min", min);
        m.put("mean", round(mean));
        m.put("p50", p50);
        m.put("p90", p90);
        m.put("p99", p99);
        m.put("p99_9", p999);
        m.put("max", max);
        return m;
    }

    /** (percentile, microseconds) points for a percentile plot, denser towards the tail. */
    public static List<double[]> percentileCurve(Histogram h) {
        List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() == 0) return points;
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            points.add(new double[] {p, us(v.getValueIteratedTo())});
            if (p >= 100.0) break;
        }
        return points;
    }

    /** (bucket upper bound µs, count) over power-of-two microsecond buckets, for a distribution plot. */
    public static List<double[]> distribution(Histogram h) {
        List<double[]> buckets = new ArrayList<>();
        if (h.getTotalCount() == 0) return buckets;
        for (HistogramIterationValue v : h.logarithmicBucketValues(1_000, 2.0)) {
            long count = v.getCountAddedInThisIterationStep();
            if (buckets.isEmpty() && count == 0) continue; // start at the first bucket with values
            buckets.add(new double[] {us(v.getValueIteratedTo()), count});
        }
        return buckets;
    }

    private static double us(long nanos) {
        return round(nanos / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
