package dev.switchboard.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Heartbeats sent to measure a round trip ({@code socket.ping()}, the fallback's health check),
 * by ref. They belong to one connection: when it ends, every one still waiting is told. Confined
 * to the socket's loop.
 */
final class Pings {
    private record Ping(long sentAt, Consumer<Duration> onReply, Runnable onLost) {}

    private final Map<String, Ping> waiting = new HashMap<>();

    void add(String ref, Consumer<Duration> onReply, Runnable onLost) {
        waiting.put(ref, new Ping(System.nanoTime(), onReply, onLost));
    }

    /** A reply with this ref arrived: its round trip goes to the waiting ping, if any. */
    void replied(String ref) {
        Ping ping = ref == null ? null : waiting.remove(ref);
        if (ping != null) {
            ping.onReply.accept(Duration.ofNanos(System.nanoTime() - ping.sentAt));
        }
    }

    /** Forgets a ping (it timed out); false when it was already answered or lost. */
    boolean forget(String ref) {
        return waiting.remove(ref) != null;
    }

    /** The connection ended: every waiting ping is lost. */
    void connectionEnded() {
        List<Ping> lost = new ArrayList<>(waiting.values());
        waiting.clear();
        lost.forEach(p -> p.onLost.run());
    }
}
