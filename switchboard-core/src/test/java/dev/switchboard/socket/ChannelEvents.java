package dev.switchboard.socket;

import java.util.ArrayList;
import java.util.List;

/** What the test channels did, as readable lines such as {@code "room:a terminate LEFT"}. Thread-safe. */
final class ChannelEvents {
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String line) {
        lines.add(line);
    }

    synchronized List<String> all() {
        return List.copyOf(lines);
    }

    /** The lines that start with {@code prefix}. */
    synchronized List<String> starting(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }
}
