package dev.switchboard.testsupport.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A system executable the tests run, found one way for all of them: the system property {@code
 * switchboard.NAME} (e.g. {@code -Dswitchboard.node=/opt/node/bin/node}), the environment variable
 * {@code NAME} in upper case with {@code _} for {@code -} (e.g. {@code NODE}, {@code
 * REDIS_SERVER}), the {@code PATH}, then {@code /usr/sbin}, {@code /usr/bin}, {@code
 * /usr/local/sbin}, {@code /usr/local/bin} (Debian puts haproxy and nginx in {@code /usr/sbin},
 * which a user's {@code PATH} may lack), then the tool's other usual places.
 */
public enum Tool {
    /** Node 18+ runs phoenix.js and playwright-core. */
    NODE("node", "nodejs"),
    /** The browser playwright-core drives; it never downloads one of its own. */
    CHROMIUM("chromium", "chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"),
    REDIS_SERVER("redis-server", "redis-server"),
    HAPROXY("haproxy", "haproxy"),
    NGINX("nginx", "nginx-light");

    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");
    private static final ConcurrentMap<Tool, Path> FOUND = new ConcurrentHashMap<>();

    private final String executable;
    private final String debianPackage;
    private final List<String> otherPlaces;

    Tool(String executable, String debianPackage, String... otherPlaces) {
        this.executable = executable;
        this.debianPackage = debianPackage;
        this.otherPlaces = List.of(otherPlaces);
    }

    /** The executable's name, e.g. {@code redis-server}. */
    public String executable() {
        return executable;
    }

    /** The Debian package that installs it. */
    public String debianPackage() {
        return debianPackage;
    }

    /** The system property that overrides the search: {@code switchboard.} and the executable's name. */
    public String property() {
        return "switchboard." + executable;
    }

    /** The environment variable that overrides the search (after the property). */
    public String environmentVariable() {
        return executable.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The executable, or empty when none is installed. */
    public Optional<Path> find() {
        Path cached = FOUND.get(this);
        if (cached != null) {
            return Optional.of(cached);
        }
        for (String candidate : candidates()) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                FOUND.putIfAbsent(this, p);
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The executable; a {@link MissingToolException} naming the Debian package when there is none. */
    public Path path() {
        return find().orElseThrow(() -> new MissingToolException(this, "-D" + property() + ", $" + environmentVariable()
                + ", the PATH, " + String.join(", ", SYSTEM_DIRECTORIES) + (otherPlaces.isEmpty() ? "" : ", " + String.join(", ", otherPlaces))));
    }

    /** Where {@link #find()} looks, in order. */
    public List<String> candidates() {
        List<String> candidates = new ArrayList<>();
        addIfSet(candidates, System.getProperty(property()));
        addIfSet(candidates, System.getenv(environmentVariable()));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, executable).toString());
                }
            }
        }
        for (String dir : SYSTEM_DIRECTORIES) {
            candidates.add(Path.of(dir, executable).toString());
        }
        candidates.addAll(otherPlaces);
        return candidates;
    }

    private static void addIfSet(List<String> candidates, String value) {
        if (value != null && !value.isBlank()) {
            candidates.add(value);
        }
    }
}
