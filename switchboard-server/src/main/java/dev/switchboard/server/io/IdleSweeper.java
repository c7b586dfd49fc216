package dev.switchboard.server.io;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes idle connections of one event loop with a single periodic task instead of one timer per
 * connection. A connection is closed between {@code timeout} and {@code timeout + 1 s} after its
 * last received frame. Loop-confined.
 */
public final class IdleSweeper {
    /** How often the loop looks for idle connections. */
    static final long PERIOD_MILLIS = 1_000;

    private final EventLoop loop;
    private final HashSet<Watched> watched = new HashSet<>();
    private boolean running;

    IdleSweeper(EventLoop loop) {
        this.loop = loop;
    }

    /** Something with a last-activity time and a timeout. */
    public interface Watched {
        /** {@link System#nanoTime()} of the last received frame. */
        long lastActivityNanos();

        long idleTimeoutNanos();

        /** Called on the loop when the timeout passed. */
        void idle();
    }

    public void add(Watched w) {
        watched.add(w);
        if (!running) {
            running = true;
            loop.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public void remove(Watched w) {
        watched.remove(w);
    }

    public int size() {
        return watched.size();
    }

    /** A copy of the watched connections (every open connection of this loop). Call on the loop. */
    public List<Watched> snapshot() {
        return new ArrayList<>(watched);
    }

    private void sweep() {
        if (watched.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<Watched> expired = null;
        for (Watched w : watched) {
            if (now - w.lastActivityNanos() > w.idleTimeoutNanos()) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(w);
            }
        }
        if (expired != null) {
            // Closing may re-enter remove(); never while iterating the set.
            watched.removeAll(expired);
            expired.forEach(Watched::idle);
        }
    }
}
