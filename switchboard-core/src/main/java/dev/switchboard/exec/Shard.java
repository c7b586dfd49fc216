package dev.switchboard.exec;

import java.util.concurrent.Executor;

/**
 * A single-threaded executor owning a set of connections (in the server, one Netty event loop).
 * Tasks run in submission order.
 */
public interface Shard extends Executor {

    /** Maximum number of shards in one process (subscriptions track shards in a 64-bit mask). */
    int MAX_SHARDS = 64;

    /** True when called from this shard's own thread. */
    boolean inShard();

    /** A small process-unique number in {@code [0, MAX_SHARDS)}. */
    int id();

    /** Runs the task now when already on this shard, otherwise queues it. */
    default void run(Runnable task) {
        if (inShard()) {
            task.run();
        } else {
            execute(task);
        }
    }
}
