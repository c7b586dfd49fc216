package dev.switchboard.bridge.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a command the way {@code exec} will, so a typo fails at start-up, not at the first client. */
public final class Executables {
    private Executables() {}

    /**
     * The executable file {@code command} names: itself when it contains a {@code /}, else the
     * first match on {@code path} (a {@code PATH}-style list). Empty when there is none.
     */
    public static Optional<Path> find(String command, String path) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The server's own {@code PATH} lookup. */
    public static Optional<Path> find(String command) {
        return find(command, System.getenv("PATH"));
    }

    public static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
