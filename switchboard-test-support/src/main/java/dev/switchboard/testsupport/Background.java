package dev.switchboard.testsupport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a blocking step of a test (a request held by a stalled proxy, a reader waiting for data)
 * on a thread of its own while the test goes on.
 *
 * <p>Not on {@code CompletableFuture}'s default executor: from JDK 25 that is the common pool
 * even when its parallelism is one (any 2-core machine), so there two blocking steps run one
 * after the other and a test that needs both at once hangs; JDK 17 gave each its own thread.
 */
public final class Background {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private Background() {}

    /** Starts {@code step} on a new daemon thread; the future completes with its result or its exception. */
    public static <T> CompletableFuture<T> supply(Supplier<T> step) {
        return CompletableFuture.supplyAsync(step, Background::start);
    }

    /** Starts {@code step} on a new daemon thread; the future completes when it returns or throws. */
    public static CompletableFuture<Void> run(Runnable step) {
        return CompletableFuture.runAsync(step, Background::start);
    }

    private static void start(Runnable task) {
        Thread thread = new Thread(task, "test-background-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }
}
