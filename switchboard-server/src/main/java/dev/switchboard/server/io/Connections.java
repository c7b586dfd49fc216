package dev.switchboard.server.io;

import dev.switchboard.socket.CloseReason;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The open client connections of one event loop: what shutdown and the drain close, what the
 * periodic sweep walks, and where every end is counted by cause. One periodic sweep per loop
 * instead of one timer per connection: a connection is closed between {@code timeout} and
 * {@code timeout + 1 s} after its last sign of life, and one whose oldest unsent message passed
 * its age bound within a second of passing it.
 *
 * <p>Kept in an array with each connection remembering its slot, so adding and removing cost no
 * allocation and an idle connection costs one array slot here. Loop-confined.
 */
public final class Connections {
    /** How often the loop looks for idle connections. */
    static final long SWEEP_PERIOD_MILLIS = 1_000;
    private static final ServerConnection[] NONE = new ServerConnection[0];

    private final EventLoop loop;
    private final CloseCounts closes;
    private ServerConnection[] open = NONE;
    private int size;
    private boolean sweeping;

    Connections(EventLoop loop, CloseCounts closes) {
        this.loop = loop;
        this.closes = closes;
    }

    /** Registers an open connection. */
    public void add(ServerConnection connection) {
        if (connection.registrySlot() >= 0) {
            return;
        }
        if (size == open.length) {
            open = Arrays.copyOf(open, Math.max(16, size * 2));
        }
        connection.registrySlot(size);
        open[size++] = connection;
        if (!sweeping) {
            sweeping = true;
            loop.scheduleAtFixedRate(this::sweep, SWEEP_PERIOD_MILLIS, SWEEP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The connection ended, for {@code cause}; counted once (later calls are ignored). */
    public void remove(ServerConnection connection, CloseReason.Cause cause) {
        int slot = connection.registrySlot();
        if (slot < 0 || slot >= size || open[slot] != connection) {
            return;
        }
        ServerConnection last = open[--size];
        open[slot] = last;
        last.registrySlot(slot);
        open[size] = null;
        connection.registrySlot(-1);
        closes.count(connection.kind(), cause);
    }

    /** Open connections on this loop. */
    public int size() {
        return size;
    }

    /**
     * Hands every open connection to {@code visitor}, without copying the registry; call on the
     * loop. The visitor must not close connections (closing removes entries during the walk).
     */
    public void forEach(Consumer<ServerConnection> visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(open[i]);
        }
    }

    /** A copy of the open connections. */
    public List<ServerConnection> snapshot() {
        return new ArrayList<>(Arrays.asList(open).subList(0, size));
    }

    /** Closes every open connection with {@code reason} (they leave the registry as they end). */
    public void closeAll(CloseReason reason) {
        for (ServerConnection c : snapshot()) {
            c.close(reason);
        }
    }

    /**
     * Closes up to {@code max} open connections that are not closing already, with {@code reason}.
     *
     * @return how many it began to close
     */
    public int closeSome(int max, CloseReason reason) {
        List<ServerConnection> chosen = new ArrayList<>(Math.min(max, size));
        for (int i = 0; i < size && chosen.size() < max; i++) {
            if (!open[i].isClosing()) {
                chosen.add(open[i]);
            }
        }
        // Closing may remove entries; never while walking the array.
        chosen.forEach(c -> c.close(reason));
        return chosen.size();
    }

    /**
     * Closes every open connection with {@code reason} and ends each at once, whether its close
     * got through or not.
     *
     * @return how many were still open
     */
    public int abortAll(CloseReason reason) {
        List<ServerConnection> all = snapshot();
        for (ServerConnection c : all) {
            c.close(reason);
            c.abort();
        }
        return all.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        List<ServerConnection> expired = null;
        List<ServerConnection> slow = null;
        List<CloseReason> slowReasons = null;
        for (int i = 0; i < size; i++) {
            ServerConnection c = open[i];
            if (now - c.lastActivityNanos() > c.idleTimeoutNanos()) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(c);
                continue;
            }
            CloseReason overdue = c.outboundOverdue(now);
            if (overdue != null) {
                if (slow == null) {
                    slow = new ArrayList<>();
                    slowReasons = new ArrayList<>();
                }
                slow.add(c);
                slowReasons.add(overdue);
            }
        }
        // Closing may remove entries; never while walking the array.
        if (expired != null) {
            expired.forEach(ServerConnection::idle);
        }
        if (slow != null) {
            for (int i = 0; i < slow.size(); i++) {
                slow.get(i).slowConsumer(slowReasons.get(i));
            }
        }
    }
}
