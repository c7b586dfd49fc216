package dev.switchboard.server.io;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import java.util.ArrayList;

/**
 * Batches flushes on one event loop. A connection with unflushed writes registers once per
 * batch; the batch is flushed at the end of the loop's current iteration — after it has read
 * every ready socket and run every queued task — so all replies and broadcasts produced in one
 * iteration leave each socket in one system call. Loop-confined.
 */
public final class FlushBatcher implements Runnable {
    /** Something with work to finish at the end of the loop's batch: a connection's pending writes, a cache. */
    public interface Flushable {
        /** Flushes pending writes (or ends the batch); may register again afterwards. */
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
            if (loop instanceof SingleThreadEventLoop single) {
                single.executeAfterEventLoopIteration(this);
            } else {
                loop.execute(this);
            }
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
