package dev.switchboard.bridge.process;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the shutdown signals. The JDK has SIGTERM ({@link ProcessHandle#destroy()}) and SIGKILL
 * ({@link ProcessHandle#destroyForcibly()}) but no SIGINT, so SIGINT is sent by the system's
 * {@code kill} command, which the JDK reaps like any child. SIGKILL also goes to everything the
 * program started (its descendants, found while it still runs), so no orphan keeps its pipes open.
 */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);
    private static final String KILL = findKill();

    private Signals() {}

    static void interrupt(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        List<String> command = KILL != null
                ? List.of(KILL, "-s", "INT", Long.toString(process.pid()))
                : List.of("/bin/sh", "-c", "kill -s INT " + process.pid());
        try {
            new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.warn("Could not send SIGINT to {}: {}", process.pid(), e.getMessage());
        }
    }

    static void terminate(ProcessHandle process) {
        process.destroy();
    }

    /** SIGKILL to the process and, first, to every descendant it has now. */
    static void killTree(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
    }

    private static String findKill() {
        for (String candidate : List.of("/usr/bin/kill", "/bin/kill")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
