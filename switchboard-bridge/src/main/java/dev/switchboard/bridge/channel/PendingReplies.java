package dev.switchboard.bridge.channel;

import dev.switchboard.channel.ReplyRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client messages a per-join program has not answered yet, by ref. Bounded: a program that never
 * replies cannot grow it past {@value #MAX}; the oldest is forgotten first (the client's push
 * times out, as it would anyway). Thread-safe.
 */
final class PendingReplies {
    static final int MAX = 1024;

    private final Map<String, ReplyRef> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReplyRef> eldest) {
            return size() > MAX;
        }
    };

    synchronized void put(String ref, ReplyRef replyRef) {
        pending.put(ref, replyRef);
    }

    /** The message waiting under {@code ref}, no longer waiting; null when none is. */
    synchronized ReplyRef take(String ref) {
        return pending.remove(ref);
    }
}
