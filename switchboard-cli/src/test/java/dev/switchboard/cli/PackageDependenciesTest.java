package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of every module's main code depend on each other without cycles, so each layer can
 * be read, tested and changed on its own (docs/ARCHITECTURE.md). Reads the sources, as imports
 * name every dependency between the project's packages.
 */
class PackageDependenciesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?((?:[a-z_]\\w*\\.)+)[A-Z]", Pattern.MULTILINE);

    @Test
    void noModuleHasAPackageCycle() throws IOException {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
        List<String> cycles = new ArrayList<>();
        int modules = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path module : dirs.filter(d -> d.getFileName().toString().startsWith("switchboard-")).sorted().toList()) {
                Path sources = module.resolve("src/main/java");
                if (Files.isDirectory(sources)) {
                    modules++;
                    cycles.addAll(cycles(graph(sources)));
                }
            }
        }
        assertThat(modules).isGreaterThanOrEqualTo(5);
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /** Package → the project packages it imports. */
    private static Map<String, Set<String>> graph(Path sources) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String text = read(file);
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) {
                    return;
                }
                String from = p.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher i = IMPORT.matcher(text);
                while (i.find()) {
                    String target = i.group(1).substring(0, i.group(1).length() - 1);
                    if (!target.equals(from) && target.startsWith("dev.switchboard.")) {
                        to.add(target);
                    }
                }
            });
        }
        return graph;
    }

    /** Each cycle found by a depth-first walk, as "a -> b -> a". */
    private static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : graph.keySet()) {
            walk(start, graph, state, new ArrayList<>(), found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                             List<String> path, List<String> found) {
        Integer s = state.get(node);
        if (s != null) {
            if (s == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
                cycle.add(node);
                found.add(String.join(" -> ", cycle));
            }
            return;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, state, path, found);
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
