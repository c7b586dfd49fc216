package dev.switchboard.client.exec;

import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every socket of this JVM shares, created on first use; all are daemon threads, so
 * they never keep the JVM alive.
 *
 * <ul>
 *   <li>{@link #loops()}: a small pool (one thread per core, at least two) on which each socket's
 *       internal state machine runs through its own {@link SerialExecutor}. Only non-blocking
 *       client code runs there, never application callbacks.</li>
 *   <li>{@link #timers()}: one thread that fires every timeout, heartbeat and retry and hands the
 *       work to the owning socket's loop.</li>
 *   <li>{@link #callbacks()}: where application callbacks run (each socket serializes its own):
 *       a virtual thread per drain on JDK 21 and later, found reflectively since this code is
 *       compiled for 17; otherwise a cached pool of platform threads, so a callback that blocks
 *       holds one thread and never the others.</li>
 *   <li>{@link #httpClient()}: one {@link HttpClient} (HTTP/1.1) for every WebSocket and long-poll
 *       request. Each {@code HttpClient} owns a selector thread, so sharing one is what lets a JVM
 *       hold thousands of client sockets. Each JDK WebSocket keeps a 16 KiB read, write and
 *       encoding buffer for its whole life, most of a socket's ~63 KiB of heap; a JVM holding
 *       thousands of sockets can shrink them with the JDK's system properties
 *       {@code jdk.httpclient.bufsize}, {@code jdk.httpclient.websocket.writeBufferSize} and
 *       {@code jdk.httpclient.websocket.intermediateBufferSize} (4, 1 and 1 KiB: ~21 KiB per
 *       socket, measured in docs/PERFORMANCE.md). They are JVM-wide, so the client leaves them
 *       alone.</li>
 * </ul>
 */
public final class ClientThreads {
    private ClientThreads() {}

    private static final class Holder {
        static final ExecutorService LOOPS = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("switchboard-client-loop-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                }, null, true);
        static final ScheduledExecutorService TIMERS = newTimers();
        static final Executor CALLBACKS = callbackExecutor();
        static final boolean VIRTUAL = CALLBACKS instanceof VirtualMarker;
        static final HttpClient HTTP = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(ClientThreads.daemonPool("switchboard-client-http-"))
                .build();
    }

    /** The shared pool that runs socket state machines. */
    public static Executor loops() {
        return Holder.LOOPS;
    }

    /** The shared timer thread. */
    public static ScheduledExecutorService timers() {
        return Holder.TIMERS;
    }

    /** The default executor for application callbacks (virtual threads on JDK 21+). */
    public static Executor callbacks() {
        return Holder.CALLBACKS;
    }

    /** True when {@link #callbacks()} runs callbacks on virtual threads. */
    public static boolean virtualCallbacks() {
        return Holder.VIRTUAL;
    }

    /** The shared HTTP/1.1 client. */
    public static HttpClient httpClient() {
        return Holder.HTTP;
    }

    private static ScheduledExecutorService newTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, named("switchboard-client-timer-"));
        // Most timers (push and heartbeat timeouts) are cancelled long before they fire.
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private static Executor callbackExecutor() {
        try {
            Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            ExecutorService virtual = (ExecutorService) factory.invoke(null);
            return new VirtualMarker(virtual);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return daemonPool("switchboard-client-callback-");
        }
    }

    /** An unbounded cached pool of daemon threads (idle threads end after 60 s). */
    static ExecutorService daemonPool(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), named(prefix));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Tags the virtual-thread executor so {@link #virtualCallbacks()} can tell. */
    private record VirtualMarker(ExecutorService delegate) implements Executor {
        @Override
        public void execute(Runnable command) {
            delegate.execute(command);
        }
    }
}
