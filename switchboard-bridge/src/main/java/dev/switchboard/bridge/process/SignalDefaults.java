package dev.switchboard.bridge.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes an inherited "ignore SIGINT/SIGTERM" before a program starts. A server started in the
 * background by a non-interactive shell (a service script, {@code nohup}, CI) inherits SIGINT as
 * ignored, and an ignored signal stays ignored across {@code exec}: every program would then
 * ignore the shutdown's SIGINT step. When this process ignores either signal, programs are
 * started through coreutils' {@code env --default-signal=...}, which restores the default and
 * then execs the program (same pid, no extra process left behind).
 */
final class SignalDefaults {
    private static final Logger log = LoggerFactory.getLogger(SignalDefaults.class);
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    private static final List<String> PREFIX = detect();

    private SignalDefaults() {}

    /** What to put before a program's argv: empty when nothing is ignored (the usual case). */
    static List<String> prefix() {
        return PREFIX;
    }

    private static List<String> detect() {
        long ignored = ignoredSignals();
        List<String> names = new ArrayList<>();
        if ((ignored & (1L << (SIGINT - 1))) != 0) {
            names.add("INT");
        }
        if ((ignored & (1L << (SIGTERM - 1))) != 0) {
            names.add("TERM");
        }
        if (names.isEmpty()) {
            return List.of();
        }
        String env = new File("/usr/bin/env").canExecute() ? "/usr/bin/env" : "/bin/env";
        List<String> prefix = List.of(env, "--default-signal=" + String.join(",", names));
        if (!works(prefix)) {
            log.warn("This server ignores SIG{} (started in the background?) and {} has no --default-signal"
                    + " (coreutils 8.31+): programs inherit that, and the shutdown's SIGINT step will not reach"
                    + " them (SIGKILL still does)", String.join("/SIG", names), env);
            return List.of();
        }
        log.debug("Programs start with {} (this server ignores those signals)", prefix);
        return prefix;
    }

    /** The SigIgn mask of this process, from /proc; 0 when unreadable (not Linux). */
    static long ignoredSignals() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot read /proc/self/status: {}", e.toString());
        }
        return 0;
    }

    private static boolean works(List<String> prefix) {
        List<String> probe = new ArrayList<>(prefix);
        probe.add("true");
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
