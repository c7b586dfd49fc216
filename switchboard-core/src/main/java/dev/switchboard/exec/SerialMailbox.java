package dev.switchboard.exec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes tasks on a shared executor without a thread of its own: whoever enqueues into an
 * idle mailbox schedules one drain, which runs queued tasks until the queue is empty. An idle
 * mailbox costs one small queue and no thread.
 */
final class SerialMailbox extends AtomicInteger implements Mailbox, Runnable {
    private static final Logger log = LoggerFactory.getLogger(SerialMailbox.class);
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    /** Tasks run per drain before yielding the worker to other mailboxes (fairness). */
    private static final int BATCH = 64;

    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

    SerialMailbox(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void submit(Runnable task) {
        queue.add(task);
        if (compareAndSet(IDLE, SCHEDULED)) {
            executor.execute(this);
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task = queue.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (Throwable t) {
                log.error("Uncaught exception in channel task", t);
            }
        }
        set(IDLE);
        // A task may have been queued after the last poll but before IDLE became visible.
        if (!queue.isEmpty() && compareAndSet(IDLE, SCHEDULED)) {
            executor.execute(this);
        }
    }
}
