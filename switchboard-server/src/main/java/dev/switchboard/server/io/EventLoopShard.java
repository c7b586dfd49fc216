package dev.switchboard.server.io;

import dev.switchboard.exec.Shard;
import io.netty.channel.EventLoop;

/**
 * A Netty event loop as a {@link Shard}, plus the per-loop services that keep per-connection
 * cost low: one flush batcher, one shared-frame cache and one idle sweeper for all of the loop's
 * connections.
 */
public final class EventLoopShard implements Shard {
    private final EventLoop loop;
    private final int id;
    private final SharedFrames sharedFrames;
    private final FlushBatcher flusher;
    private final IdleSweeper sweeper;

    EventLoopShard(EventLoop loop, int id, SharedFrames sharedFrames) {
        this.loop = loop;
        this.id = id;
        this.sharedFrames = sharedFrames;
        this.flusher = new FlushBatcher(loop, sharedFrames);
        this.sweeper = new IdleSweeper(loop);
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

    /** Broadcast frames being written on this loop, built once and shared by every subscriber. */
    public SharedFrames sharedFrames() {
        return sharedFrames;
    }

    public FlushBatcher flusher() {
        return flusher;
    }

    public IdleSweeper sweeper() {
        return sweeper;
    }

    @Override
    public String toString() {
        return "shard-" + id;
    }
}
