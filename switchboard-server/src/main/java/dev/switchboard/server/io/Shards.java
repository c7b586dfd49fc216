package dev.switchboard.server.io;

import dev.switchboard.exec.Shard;
import dev.switchboard.socket.CloseReason;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.IdentityHashMap;
import java.util.Map;

/** The shards of a server: one per event loop of its child group, numbered from 0. */
public final class Shards {
    private final Map<EventLoop, EventLoopShard> byLoop = new IdentityHashMap<>();
    private final CloseCounts closes = new CloseCounts();

    public Shards(EventLoopGroup group) {
        int id = 0;
        for (EventExecutor executor : group) {
            if (id >= Shard.MAX_SHARDS) {
                throw new IllegalArgumentException("at most " + Shard.MAX_SHARDS + " event loops are supported");
            }
            EventLoop loop = (EventLoop) executor;
            byLoop.put(loop, new EventLoopShard(loop, id++, closes));
        }
    }

    /** The shard of a connection's event loop. The map is never modified after construction. */
    public EventLoopShard of(EventLoop loop) {
        EventLoopShard shard = byLoop.get(loop);
        if (shard == null) {
            throw new IllegalStateException("event loop is not part of this server: " + loop);
        }
        return shard;
    }

    public java.util.Collection<EventLoopShard> all() {
        return byLoop.values();
    }

    /** How every connection of the server ended, by transport and cause. */
    public CloseCounts closes() {
        return closes;
    }

    /** Open client connections on every loop (read from any thread: approximate while they change). */
    public int openConnections() {
        int n = 0;
        for (EventLoopShard shard : byLoop.values()) {
            n += shard.connections().size();
        }
        return n;
    }

    /**
     * Closes every connection of every loop with {@code reason}, waiting up to 2 s per loop for
     * the closes to begin (server shutdown).
     */
    public void closeAll(CloseReason reason) {
        java.util.List<io.netty.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (EventLoopShard shard : byLoop.values()) {
            done.add(shard.loop().submit(() -> shard.connections().closeAll(reason)));
        }
        for (io.netty.util.concurrent.Future<?> f : done) {
            f.awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public int size() {
        return byLoop.size();
    }
}
