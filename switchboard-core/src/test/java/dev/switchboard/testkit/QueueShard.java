package dev.switchboard.testkit;

import dev.switchboard.exec.Shard;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A deterministic {@link Shard} driven by the test instead of by an event loop.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The thread that creates the shard <em>is</em> the shard thread: {@link #inShard()} is true
 *       on it at all times, both while {@link #runAll()} drains the queue and between drains. So
 *       a test may call session methods directly, and {@link Shard#run} from the test thread runs
 *       inline, exactly as on an event loop thread.</li>
 *   <li>{@link #execute} never runs anything: it only queues, from any thread. Queued tasks run
 *       only when the test calls {@link #runAll()} or {@link #awaitUntil}, in submission order,
 *       on the test thread. A task that queues more work gets it run in the same drain, after it.</li>
 *   <li>A task that throws propagates out of {@link #runAll()} (the test fails loudly); the
 *       remaining tasks stay queued.</li>
 * </ul>
 * Each instance has a distinct {@link #id()} below {@link Shard#MAX_SHARDS} (a counter modulo 64),
 * so up to 64 shards can share one PubSub.
 */
public final class QueueShard implements Shard {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final int id = Math.floorMod(IDS.getAndIncrement(), MAX_SHARDS);
    private final Thread owner = Thread.currentThread();
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger submitted = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
        submitted.incrementAndGet();
        queue.add(task);
    }

    @Override
    public boolean inShard() {
        return Thread.currentThread() == owner;
    }

    @Override
    public int id() {
        return id;
    }

    /** Tasks queued and not yet run. */
    public int pending() {
        return queue.size();
    }

    /** Tasks ever handed to {@link #execute}. */
    public int submitted() {
        return submitted.get();
    }

    /** Runs queued tasks, including those they queue, until the queue is empty. Returns how many ran. */
    public int runAll() {
        requireOwner();
        int ran = 0;
        Runnable task;
        while ((task = queue.poll()) != null) {
            task.run();
            ran++;
        }
        return ran;
    }

    /** {@link #awaitUntil(BooleanSupplier, Duration)} with a 5 second limit. */
    public void awaitUntil(BooleanSupplier condition) {
        awaitUntil(condition, DEFAULT_TIMEOUT);
    }

    /**
     * Runs shard tasks as they arrive (from worker threads, for example) until {@code condition}
     * holds after a drain; fails the test with an {@link AssertionError} after {@code timeout}.
     */
    public void awaitUntil(BooleanSupplier condition, Duration timeout) {
        requireOwner();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            runAll();
            if (condition.getAsBoolean()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Runnable task = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }

    private void requireOwner() {
        if (!inShard()) {
            throw new IllegalStateException("a QueueShard is driven only by the thread that created it");
        }
    }

    @Override
    public String toString() {
        return "QueueShard#" + id;
    }
}
