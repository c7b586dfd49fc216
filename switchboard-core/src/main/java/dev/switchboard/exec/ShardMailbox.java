package dev.switchboard.exec;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a shard. On the shard's own thread a task runs at once, unless another task of
 * this mailbox is already running (a callback that triggers more work for its own channel): then
 * it is queued behind it, so order is kept and callbacks never nest.
 */
final class ShardMailbox implements Mailbox {
    private static final Logger log = LoggerFactory.getLogger(ShardMailbox.class);

    private final Shard shard;
    private boolean running;
    private ArrayDeque<Runnable> backlog;

    ShardMailbox(Shard shard) {
        this.shard = shard;
    }

    @Override
    public void submit(Runnable task) {
        if (!shard.inShard()) {
            shard.execute(() -> submit(task));
            return;
        }
        if (running) {
            if (backlog == null) {
                backlog = new ArrayDeque<>(4);
            }
            backlog.add(task);
            return;
        }
        running = true;
        try {
            runSafely(task);
            while (backlog != null && !backlog.isEmpty()) {
                runSafely(backlog.poll());
            }
        } finally {
            running = false;
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("Uncaught exception in channel task", t);
        }
    }
}
