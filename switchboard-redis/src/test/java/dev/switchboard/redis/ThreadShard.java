package dev.switchboard.redis;

import dev.switchboard.exec.Shard;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** A shard on a thread of its own, for subscriptions that tests hold directly (ids 40 and up, clear of the servers'). */
final class ThreadShard implements Shard, AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = 40 + Math.floorMod(IDS.getAndIncrement(), MAX_SHARDS - 40);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-shard-" + id);
        t.setDaemon(true);
        return t;
    });
    private volatile Thread owner;

    ThreadShard() {
        thread.execute(() -> owner = Thread.currentThread());
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public boolean inShard() {
        return Thread.currentThread() == owner;
    }

    @Override
    public int id() {
        return id;
    }

    Future<?> submit(Runnable task) {
        return thread.submit(task);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
