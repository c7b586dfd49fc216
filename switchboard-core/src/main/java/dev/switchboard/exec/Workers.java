package dev.switchboard.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor for user callbacks that may block.
 *
 * <p>On JDK 21 and later it starts a virtual thread per task, so thousands of channels blocked
 * on I/O cost no platform threads. On JDK 17 it is a fixed pool of daemon threads (a blocked
 * callback holds one pool thread; size it for the expected blocking concurrency).
 */
public final class Workers {
    private Workers() {}

    /** Default pool size on JDKs without virtual threads. */
    public static final int DEFAULT_PLATFORM_THREADS = Math.max(16, Runtime.getRuntime().availableProcessors() * 8);

    /** Virtual threads when the JDK has them, otherwise a fixed pool of {@code platformThreads}. */
    public static ExecutorService create(int platformThreads) {
        ExecutorService virtual = virtualThreadExecutor();
        return virtual != null ? virtual : platformPool(platformThreads);
    }

    /** True when {@link #create} returns virtual threads on this JDK. */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    private static ExecutorService virtualThreadExecutor() {
        if (!virtualThreadsAvailable()) {
            return null;
        }
        try {
            // Looked up reflectively: the code is compiled for Java 17.
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable e) {
            return null;
        }
    }

    private static ExecutorService platformPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "switchboard-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
