package dev.switchboard.test.runtime;

import dev.switchboard.exec.Shard;
import java.util.Objects;

/**
 * One event loop of an in-memory node: a {@link Shard} whose tasks run on the {@link RunLoop}. It is
 * "on its own thread" exactly while one of its tasks runs, so sessions, subscriptions and
 * event-loop channels see the same confinement as on a Netty loop.
 */
public final class LoopShard implements Shard {
    private final RunLoop loop;
    private final int id;
    private final String name;

    /** @param id unique among the shards sharing one PubSub, below {@link Shard#MAX_SHARDS} */
    public LoopShard(RunLoop loop, int id, String name) {
        if (id < 0 || id >= MAX_SHARDS) {
            throw new IllegalArgumentException("shard id must be 0-" + (MAX_SHARDS - 1) + ": " + id);
        }
        this.loop = Objects.requireNonNull(loop, "loop");
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(this, task);
    }

    @Override
    public boolean inShard() {
        return loop.inContext(this);
    }

    @Override
    public int id() {
        return id;
    }

    /** Runs {@code action} now as a task of this shard; only the loop's driver may. */
    public void runNow(Runnable action) {
        loop.runAs(this, action);
    }

    @Override
    public String toString() {
        return name;
    }
}
