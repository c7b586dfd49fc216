package dev.switchboard.server.limits;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connections of one event loop that missed their {@link HandshakeDeadline}, with a
 * single periodic task instead of one timer per connection: a connection goes between
 * {@code timeout} and {@code timeout + 1 s} after its deadline started. Loop-confined.
 */
public final class HandshakeSweeper {
    static final long PERIOD_MILLIS = 1_000;

    private final EventLoop loop;
    private final HashSet<HandshakeDeadline> watched = new HashSet<>();
    private boolean running;

    HandshakeSweeper(EventLoop loop) {
        this.loop = loop;
    }

    /** One sweeper per event loop, made on first use. Thread-safe. */
    public static final class Registry {
        private final ConcurrentHashMap<EventLoop, HandshakeSweeper> sweepers = new ConcurrentHashMap<>();

        public HandshakeSweeper of(EventLoop loop) {
            return sweepers.computeIfAbsent(loop, HandshakeSweeper::new);
        }
    }

    void add(HandshakeDeadline d) {
        watched.add(d);
        if (!running) {
            running = true;
            loop.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    void remove(HandshakeDeadline d) {
        watched.remove(d);
    }

    int size() {
        return watched.size();
    }

    void sweep() {
        if (watched.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<HandshakeDeadline> expired = null;
        for (HandshakeDeadline d : watched) {
            if (d.expired(now)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(d);
            }
        }
        if (expired != null) {
            // Closing re-enters remove(); never while iterating the set.
            watched.removeAll(expired);
            expired.forEach(HandshakeDeadline::expire);
        }
    }
}
