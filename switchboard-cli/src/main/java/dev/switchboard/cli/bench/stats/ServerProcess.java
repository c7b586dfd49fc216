package dev.switchboard.cli.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server under test when it runs on this machine ({@code --server-pid}): its CPU time from
 * {@code /proc/PID/stat} and its resident memory from {@code /proc/PID/status}. Linux only.
 */
public final class ServerProcess {
    private static final long CLOCK_TICKS = clockTicks();

    private final long pid;

    public ServerProcess(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** Whether /proc shows the process. */
    public boolean exists() {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** User + system CPU time so far, in nanoseconds. */
    public long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return parseCpuNanos(stat, CLOCK_TICKS);
    }

    /** VmRSS in bytes. */
    public long rssBytes() throws IOException {
        return parseRssBytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** utime + stime (fields 14 and 15) of a /proc/PID/stat line; the command name may hold spaces. */
    static long parseCpuNanos(String stat, long ticksPerSecond) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field n is f[n - 3].
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1_000_000_000L / ticksPerSecond;
    }

    static long parseRssBytes(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line");
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception | Error e) {
            return 100; // USER_HZ on every common Linux build
        }
    }
}
