package dev.switchboard.server.io;

import dev.switchboard.exec.Shard;
import io.netty.channel.EventLoop;

/**
 * A Netty event loop as a {@link Shard}, plus the per-loop services that keep per-connection
 * cost low: one flush batcher and one registry (with its idle sweep) for all of the loop's connections.
 */
public final class EventLoopShard implements Shard {
    private final EventLoop loop;
    private final int id;
    private final FlushBatcher flusher;
    private final Connections connections;

    EventLoopShard(EventLoop loop, int id, CloseCounts closes) {
        this.loop = loop;
        this.id = id;
        this.flusher = new FlushBatcher(loop);
        this.connections = new Connections(loop, closes);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inShard() {
        return loop.inEventLoop();
    }

    @Override
    public int id() {
        return id;
    }

    public EventLoop loop() {
        return loop;
    }

    public FlushBatcher flusher() {
        return flusher;
    }

    /** The loop's open client connections (with their idle sweep). */
    public Connections connections() {
        return connections;
    }

    @Override
    public String toString() {
        return "shard-" + id;
    }
}
