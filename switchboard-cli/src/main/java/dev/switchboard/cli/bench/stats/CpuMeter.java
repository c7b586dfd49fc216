package dev.switchboard.cli.bench.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * CPU used by the bench itself and, when known, by the server, between {@link #start()} and
 * {@link #stop()}: shown next to every result so that a saturated client is not mistaken for a
 * server limit.
 */
public final class CpuMeter {
    private final ServerProcess server;
    private long wallStart;
    private long benchStart;
    private long serverStart = -1;
    private long[] machineStart;

    public CpuMeter(ServerProcess server) {
        this.server = server;
    }

    public void start() {
        wallStart = System.nanoTime();
        benchStart = benchCpuNanos();
        serverStart = serverCpu();
        machineStart = machineTicks();
    }

    public CpuUsage stop() {
        long wall = System.nanoTime() - wallStart;
        long bench = benchCpuNanos() - benchStart;
        long serverEnd = serverCpu();
        long srv = serverStart < 0 || serverEnd < 0 ? -1 : serverEnd - serverStart;
        long[] machineEnd = machineTicks();
        double machineBusy = Double.NaN;
        if (machineStart != null && machineEnd != null && machineEnd[1] > machineStart[1]) {
            machineBusy = 100.0 * (machineEnd[0] - machineStart[0]) / (machineEnd[1] - machineStart[1]);
        }
        return new CpuUsage(wall, bench, srv, Runtime.getRuntime().availableProcessors(), machineBusy);
    }

    /** {busy, total} jiffies of all CPUs from /proc/stat, or null off Linux. */
    private static long[] machineTicks() {
        try {
            String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
            return parseMachineTicks(line);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The aggregate {@code cpu} line: idle and iowait are idle, everything else (steal too) is busy. */
    static long[] parseMachineTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) idle += v;
        }
        return new long[] {total - idle, total};
    }

    private long serverCpu() {
        if (server == null) return -1;
        try {
            return server.cpuNanos();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of this JVM so far (all threads, user + system). */
    public static long benchCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) return t;
        }
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    /**
     * CPU over a wall-clock window.
     *
     * @param serverCpuNanos -1 when the server is not known
     * @param machineBusyPercent the whole machine's busy share of all cores (NaN when unknown):
     *     well above bench + server means other programs competed for the CPU during the run
     */
    public record CpuUsage(long wallNanos, long benchCpuNanos, long serverCpuNanos, int cores, double machineBusyPercent) {
        /** Busy share of all cores not used by the bench or the server, NaN when unknown. */
        public double othersPercentOfAllCores() {
            if (Double.isNaN(machineBusyPercent)) return Double.NaN;
            double ours = benchPercentOfAllCores() + (hasServer() ? serverPercentOfAllCores() : 0);
            return Math.max(0, machineBusyPercent - ours);
        }

        /** Percent of one core (200 = two cores busy). */
        public double benchPercentOfOneCore() {
            return pct(benchCpuNanos, wallNanos);
        }

        public double benchPercentOfAllCores() {
            return pct(benchCpuNanos, wallNanos) / cores;
        }

        public boolean hasServer() {
            return serverCpuNanos >= 0;
        }

        public double serverPercentOfOneCore() {
            return hasServer() ? pct(serverCpuNanos, wallNanos) : Double.NaN;
        }

        public double serverPercentOfAllCores() {
            return hasServer() ? pct(serverCpuNanos, wallNanos) / cores : Double.NaN;
        }

        private static double pct(long cpu, long wall) {
            return wall <= 0 ? 0 : 100.0 * cpu / wall;
        }
    }
}
