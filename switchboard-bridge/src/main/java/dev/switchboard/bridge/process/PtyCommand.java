package dev.switchboard.bridge.process;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program on a pseudo-terminal with util-linux {@code script}, with no native code in the
 * server: {@code script -q -e -E never -c 'exec PROGRAM 2>/proc/$PPID/fd/2' /dev/null}.
 *
 * <p>Why a terminal: C stdio, Python, Ruby, Node and most other runtimes block-buffer stdout
 * (4–8 KiB) when it is a pipe and line-buffer it on a terminal, so a program that prints a line
 * a second over a pipe shows nothing for minutes. {@code stdbuf -oL} only changes C stdio's
 * buffering (Python ignores it); a terminal works for every runtime that asks {@code isatty}.
 *
 * <p>What changes on a terminal, and what this command line does about it:
 * <ul>
 *   <li>{@code -E never}: the terminal does not echo input back as output;</li>
 *   <li>{@code -e}: {@code script} exits with the program's status; {@code -q}, {@code /dev/null}:
 *       no banner and no typescript file;</li>
 *   <li>{@code 2>/proc/$PPID/fd/2}: the program's stderr bypasses the terminal and reaches
 *       {@code script}'s own stderr (a pipe to the server's log) instead of mixing into stdout;</li>
 *   <li>output lines end in {@code \r\n} (the line splitter removes the {@code \r}); binary output
 *       would be altered, so a terminal is for line mode only;</li>
 *   <li>the terminal's line discipline limits one input line to {@value #MAX_INPUT_LINE} bytes;
 *       longer input lines are refused before they are written;</li>
 *   <li>closing stdin sends end-of-file through the terminal; signals are sent to the program
 *       itself (the child of {@code script}).</li>
 * </ul>
 */
final class PtyCommand {
    /** Longest input line a terminal in canonical mode accepts, without its newline (4096 with it). */
    static final int MAX_INPUT_LINE = 4095;

    private PtyCommand() {}

    static List<String> wrap(Program program) {
        String script = findScript();
        if (script == null) {
            throw new IllegalStateException("a pseudo-terminal needs util-linux 'script' (not found in /usr/bin or /bin)");
        }
        String run = program.shell()
                ? "exec /bin/sh -c " + ShellQuote.quote(program.command().get(0))
                : "exec " + ShellQuote.join(program.command());
        List<String> argv = new ArrayList<>(List.of(script, "-q", "-e", "-E", "never", "-c",
                run + " 2>/proc/$PPID/fd/2", "/dev/null"));
        return argv;
    }

    static boolean available() {
        return findScript() != null;
    }

    private static String findScript() {
        for (String candidate : List.of("/usr/bin/script", "/bin/script")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
