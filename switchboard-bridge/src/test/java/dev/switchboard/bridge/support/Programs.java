package dev.switchboard.bridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small test programs written to a directory as executable scripts. */
public final class Programs {
    private Programs() {}

    /** Writes {@code body} to {@code dir/name} and makes it executable; returns its path. */
    public static Path script(Path dir, String name, String body) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, body);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bash script: {@code #!/bin/bash} then {@code lines}. */
    public static Path bash(Path dir, String name, String... lines) {
        return script(dir, name, "#!/bin/bash\n" + String.join("\n", lines) + "\n");
    }
}
