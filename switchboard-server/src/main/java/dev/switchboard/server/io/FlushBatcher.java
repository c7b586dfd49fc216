package dev.switchboard.server.io;

import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * Batches flushes on one event loop. A connection with unflushed writes registers once; the
 * first registration schedules one flush task behind the loop's already queued work, which then
 * flushes every registered connection once. Ten broadcasts delivered in one loop turn thus cost
 * one system call per socket, not ten. Loop-confined.
 */
public final class FlushBatcher implements Runnable {
    /** A connection that can be flushed by the batcher. */
    public interface Flushable {
        /** Flushes pending writes; the connection may register again afterwards. */
        void flushBatch();
    }

    private final EventLoop loop;
    private ArrayList<Flushable> dirty = new ArrayList<>();
    private ArrayList<Flushable> spare = new ArrayList<>();
    private boolean scheduled;

    FlushBatcher(EventLoop loop) {
        this.loop = loop;
    }

    /** Registers a connection with unflushed writes. Call on the loop, at most once per batch per connection. */
    public void add(Flushable connection) {
        dirty.add(connection);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // Swap lists: flushing may cause new registrations, which belong to the next batch.
        ArrayList<Flushable> batch = dirty;
        dirty = spare;
        spare = batch;
        for (int i = 0, n = batch.size(); i < n; i++) {
            batch.get(i).flushBatch();
        }
        batch.clear();
    }
}
