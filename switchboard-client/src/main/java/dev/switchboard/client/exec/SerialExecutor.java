package dev.switchboard.client.exec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Runs tasks one at a time, in submission order, on threads borrowed from another executor.
 *
 * <p>No thread is owned: when work arrives and none is running, one drain is handed to the
 * underlying executor; it runs queued tasks until the queue is empty or {@link #BATCH} tasks have
 * run, then gives the thread back (and reschedules itself if more work is queued) so that many
 * serial executors can share a small pool fairly. Tasks never overlap, and each task sees the
 * effects of the ones before it (the queue and the running flag order them). A task that throws
 * is reported to the failure handler and the next task runs.
 */
public final class SerialExecutor implements Executor {
    /** Tasks per turn before the thread is handed back to the pool. */
    static final int BATCH = 256;

    private final Executor pool;
    private final BiConsumer<Runnable, Throwable> onFailure;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread runner;

    /**
     * @param pool      where drains run; any executor (a virtual-thread-per-task executor works well)
     * @param onFailure told about a task that threw; must not throw itself
     */
    public SerialExecutor(Executor pool, BiConsumer<Runnable, Throwable> onFailure) {
        this.pool = pool;
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** True when the calling thread is running one of this executor's tasks right now. */
    public boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    onFailure.accept(task, t);
                }
            }
        } finally {
            runner = null;
            scheduled.set(false);
        }
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
