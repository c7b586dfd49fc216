package dev.switchboard.server.io;

import dev.switchboard.socket.CloseReason;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open client connections of one event loop: what shutdown closes, what the idle sweep
 * walks, and where every end is counted by cause. One periodic sweep per loop instead of one timer
 * per connection: a connection is closed between {@code timeout} and {@code timeout + 1 s} after
 * its last sign of life.
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

    private void sweep() {
        long now = System.nanoTime();
        List<ServerConnection> expired = null;
        for (int i = 0; i < size; i++) {
            ServerConnection c = open[i];
            if (now - c.lastActivityNanos() > c.idleTimeoutNanos()) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(c);
            }
        }
        if (expired != null) {
            // Closing may remove entries; never while walking the array.
            expired.forEach(ServerConnection::idle);
        }
    }
}
