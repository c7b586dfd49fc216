package dev.switchboard.bridge.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This JVM's child processes as the kernel sees them in {@code /proc}: live ones and zombies
 * (exited, not yet reaped). A zombie left behind is a process the server forgot to wait for.
 */
public final class ChildProcesses {
    private ChildProcesses() {}

    /** @param state the {@code /proc/PID/stat} state letter ({@code Z} for a zombie) */
    public record Child(long pid, String command, char state) {}

    /** Children of this process now. */
    public static List<Child> now() {
        long self = ProcessHandle.current().pid();
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // pid (comm) state ppid ...; comm may contain spaces and parentheses
                int close = stat.lastIndexOf(')');
                String[] rest = stat.substring(close + 2).split(" ");
                long ppid = Long.parseLong(rest[1]);
                if (ppid == self) {
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    children.add(new Child(Long.parseLong(proc.getFileName().toString()), comm, rest[0].charAt(0)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return children;
    }

    public static List<Child> zombies() {
        return now().stream().filter(c -> c.state() == 'Z').toList();
    }

    /** Children whose command name is {@code comm} (as in {@code /proc/PID/comm}, at most 15 characters). */
    public static List<Child> named(String comm) {
        return now().stream().filter(c -> c.command().equals(comm)).toList();
    }
}
