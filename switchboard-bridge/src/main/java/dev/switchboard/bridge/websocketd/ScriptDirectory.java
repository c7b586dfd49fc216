package dev.switchboard.bridge.websocketd;

import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.Executables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --dir}: maps a URL path to an executable, as websocketd does. The path's segments are
 * walked from the directory: directories are entered, and the first file is the program; the
 * segments after it become {@code PATH_INFO}. So {@code /tools/count/fast} runs
 * {@code DIR/tools/count} with {@code SCRIPT_NAME=/tools/count}, {@code PATH_INFO=/fast}.
 *
 * <p>Stricter than websocketd: a segment {@code .} or {@code ..} (also percent-encoded), an
 * encoded {@code /}, a NUL, or an empty segment before the program is refused (400), a symbolic
 * link that leads out of the directory is refused (400), and the file must be an executable
 * regular file (403) — websocketd would try to run anything it finds.
 */
final class ScriptDirectory {
    private final Path root;
    private final Path realRoot;

    ScriptDirectory(Path root) {
        this.root = root;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("--dir " + root + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** What a request path resolves to. */
    sealed interface Resolution {}

    /** @param scriptName the URL path of the program, {@code /name}; @param pathInfo the rest, or "" */
    record Found(Path file, String scriptName, String pathInfo) implements Resolution {}

    /** @param status HTTP status; @param message what the client is told */
    record Refused(Refusal reason, int status, String message) implements Resolution {}

    /** @param rawPath the request path as received (percent-encoded, no query) */
    Resolution resolve(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return new Refused(Refusal.BAD_PATH, 400, "path must start with /");
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>(raw.length);
        for (String r : raw) {
            String s;
            try {
                s = UrlPaths.decode(r);
            } catch (IllegalArgumentException e) {
                return new Refused(Refusal.BAD_PATH, 400, e.getMessage());
            }
            if (s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\0') >= 0) {
                return new Refused(Refusal.BAD_PATH, 400, "path segment '" + r + "' is not allowed");
            }
            segments.add(s);
        }
        Path current = root;
        StringBuilder scriptName = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.isEmpty()) {
                return new Refused(Refusal.NOT_FOUND, 404, "no program at " + rawPath);
            }
            current = current.resolve(segment);
            scriptName.append('/').append(segment);
            if (!Files.exists(current)) {
                return new Refused(Refusal.NOT_FOUND, 404, "no program at " + rawPath);
            }
            if (!insideRoot(current)) {
                return new Refused(Refusal.BAD_PATH, 400, "path leads outside the program directory");
            }
            if (Files.isDirectory(current)) {
                continue;
            }
            if (!Executables.isExecutableFile(current)) {
                return new Refused(Refusal.NOT_EXECUTABLE, 403, scriptName + " is not an executable file");
            }
            List<String> rest = segments.subList(i + 1, segments.size());
            String pathInfo = rest.isEmpty() ? "" : "/" + String.join("/", rest);
            return new Found(current, scriptName.toString(), pathInfo);
        }
        return new Refused(Refusal.NOT_FOUND, 404, "no program at " + rawPath + " (a directory)");
    }

    private boolean insideRoot(Path p) {
        try {
            return p.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }
}
