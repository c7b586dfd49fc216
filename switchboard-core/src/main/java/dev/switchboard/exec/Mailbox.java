package dev.switchboard.exec;

/** Runs tasks one at a time in submission order. Thread-safe. */
public interface Mailbox {

    void submit(Runnable task);

    /** A mailbox on a worker executor: tasks may block; at most one runs at a time. */
    static Mailbox serial(java.util.concurrent.Executor workers) {
        return new SerialMailbox(workers);
    }

    /** A mailbox on a shard: tasks run on its thread and must not block. */
    static Mailbox onShard(Shard shard) {
        return new ShardMailbox(shard);
    }
}
