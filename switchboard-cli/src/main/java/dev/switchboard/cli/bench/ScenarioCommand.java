package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.report.HtmlReport;
import dev.switchboard.cli.bench.report.JsonReport;
import dev.switchboard.cli.bench.report.TextReport;
import dev.switchboard.cli.bench.stats.CpuMeter;
import dev.switchboard.cli.bench.stats.MachineInfo;
import dev.switchboard.cli.bench.stats.ServerProcess;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every scenario does around its own measurement: check the options and the file
 * descriptor budget, start the client, run, print the summary, write the reports, and turn
 * the outcome into an exit code (0 ok, 1 failed, 3 flagged).
 */
abstract class ScenarioCommand implements Callable<Integer> {
    /** Files the JVM and the event loops need besides the sockets. */
    private static final int FD_RESERVE = 64;

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    ServerProcess server;

    /** The subcommand's name, as in the reports. */
    abstract String name();

    /** Sockets the scenario holds open at once. */
    abstract int connectionsNeeded();

    /** Rejects bad option values with a {@link ParameterException}. */
    abstract void validate();

    /** Runs the scenario, filling {@code result}; phases must be bounded in time. */
    abstract void run(BenchClient client, BenchResult result) throws Exception;

    @Override
    public final Integer call() {
        validate();
        positive(options.payloadBytes, "--payload-bytes");
        notNegative(options.threads, "--threads");
        notNegative(options.sourceAddresses, "--source-addresses");
        positive(options.connectConcurrency, "--connect-concurrency");
        positive(options.opTimeout, "--op-timeout");
        positive(options.connectTimeout, "--connect-timeout");
        positive(options.phaseTimeout, "--phase-timeout");
        positive(options.drainTimeout, "--drain-timeout");
        positive(options.heartbeat, "--heartbeat");
        checkFileBudget(connectionsNeeded());
        if (options.serverPid != null) {
            server = new ServerProcess(options.serverPid);
            if (!server.exists()) {
                throw new ParameterException(spec.commandLine(), "--server-pid " + options.serverPid + ": no such process in /proc");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchResult result;
        try (BenchClient client = new BenchClient(options.clientOptions())) {
            result = new BenchResult(name(), client.options().describe());
            result.client("transport", client.transportName())
                    .client("event_loops", options.threadCount())
                    .client("source_addresses", client.sourceAddressCount())
                    .client("jvm", Runtime.version().toString())
                    .client("connect_concurrency", options.connectConcurrency)
                    .client("connect_timeout_s", options.connectTimeout)
                    .client("op_timeout_s", options.opTimeout)
                    .client("phase_timeout_s", options.phaseTimeout)
                    .client("drain_timeout_s", options.drainTimeout)
                    .client("heartbeat_s", options.heartbeat);
            if (server != null) result.client("server_pid", server.pid());
            run(client, result);
        } catch (Exception e) {
            err.println("bench " + name() + " failed: " + Connector.reason(e));
            err.flush();
            return 1;
        }
        out.print(TextReport.render(result));
        out.flush();
        try {
            if (options.json != null) JsonReport.write(result, options.json);
            if (options.html != null) HtmlReport.write(result, options.html);
        } catch (Exception e) {
            err.println("could not write the report: " + Connector.reason(e));
            err.flush();
            return 1;
        }
        return result.flagged() ? 3 : 0;
    }

    CpuMeter cpuMeter() {
        return new CpuMeter(server);
    }

    void positive(long value, String option) {
        if (value <= 0) throw new ParameterException(spec.commandLine(), option + " must be positive, got " + value);
    }

    void notNegative(long value, String option) {
        if (value < 0) throw new ParameterException(spec.commandLine(), option + " must not be negative, got " + value);
    }

    /** Refuses runs that cannot fit in this process's open-file limit, with a number to use instead. */
    private void checkFileBudget(int sockets) {
        long max = MachineInfo.maxOpenFiles();
        long used = MachineInfo.openFiles();
        if (max <= 0 || used < 0) return;
        long available = max - used - FD_RESERVE;
        if (sockets > available) {
            throw new ParameterException(spec.commandLine(), sockets + " connections need " + sockets
                    + " file descriptors but this process may open " + max + " (" + used + " in use): use at most "
                    + available + ", or run several bench processes");
        }
    }

    /** Sleeps until {@code done} is true, the deadline passes, or nothing changed in {@code progress} for the drain timeout. */
    boolean await(BooleanSupplier done, java.util.function.LongSupplier progress, long deadlineNanos) {
        long last = progress.getAsLong();
        long lastChange = System.nanoTime();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= deadlineNanos) return false;
            long p = progress.getAsLong();
            if (p != last) {
                last = p;
                lastChange = now;
            } else if (now - lastChange > options.drainNanos()) {
                return false;
            }
            sleepMillis(10);
        }
        return true;
    }

    /** Frames the connections could not read (binary, fragmented, malformed): each is an error. */
    static long unreadable(java.util.List<dev.switchboard.cli.bench.client.BenchConnection> connections) {
        long n = 0;
        for (var c : connections) n += c.unreadableFrames();
        return n;
    }

    static void sleepUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            sleepMillis(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
