package dev.switchboard.test.runtime;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where all of a test's server-side work runs, on a virtual clock: the nodes' event loops
 * ({@link LoopShard}), their presence timers ({@link LoopTimer}), the links between nodes
 * ({@link Fabric}) and, in deterministic mode, the channel workers ({@link LoopWorkers}).
 *
 * <h2>Execution</h2>
 * Tasks are queued, from any thread, in one FIFO and run one at a time by the thread that
 * <em>drives</em> the loop — the test's, inside {@link #drive} — tagged with the executor they were
 * given to (their <em>context</em>). So {@link LoopShard#inShard()} is true exactly while one of
 * that shard's tasks runs, as on a real event loop, and a worker handing its result back to the
 * shard queues it, as it would in production. Only one thread drives at a time.
 *
 * <h2>Time</h2>
 * {@link #nanoTime()} is virtual. It moves only in {@link #advanceTo} (what a test's
 * {@code advance} calls) and while an assertion {@link #await waits}: then it jumps from timer to
 * timer, running each at its due time, so an hour passes in microseconds. A timer due now runs as
 * soon as the queue is empty, as a zero-delay task would.
 *
 * <h2>Real threads</h2>
 * Worker tasks that run on real threads (the kit's worker-threads mode) are counted in flight;
 * time never moves while any is running, so everything a callback causes happens "before" the
 * next timer, as it would when callbacks are fast compared with the timers' periods.
 */
public final class RunLoop {
    /** Tasks one drain may run before it is declared a livelock (two channels feeding each other forever). */
    static final int MAX_TASKS_PER_DRAIN = 10_000_000;
    /** How long a worker callback may run before a wait gives up on it. */
    static final long WORKER_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Task(Object context, Runnable action) {}

    private final ReentrantLock driver = new ReentrantLock();
    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    /** Guarded by itself. */
    private final PriorityQueue<TimerTask> timers = new PriorityQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object signal = new Object();
    private long timerSeq;
    private volatile long now;
    /** Driver-confined: the context of the task running now; {@link #NONE} between tasks. */
    private Object current = NONE;
    private static final Object NONE = new Object();

    /** @param origin the virtual clock's first reading, in nanoseconds */
    public RunLoop(long origin) {
        this.now = origin;
    }

    /** The virtual clock, in nanoseconds. Any thread. */
    public long nanoTime() {
        return now;
    }

    // ---- submitting work: any thread ----

    /** Queues a task of {@code context}; it runs when the driver next drains. */
    public void execute(Object context, Runnable action) {
        queue.add(new Task(context, action));
        wake();
    }

    /** True when the calling thread drives the loop and a task of {@code context} is running (or acting as it). */
    public boolean inContext(Object context) {
        return driver.isHeldByCurrentThread() && current == context;
    }

    /**
     * Schedules {@code action} to run as {@code context} after {@code delayNanos} of virtual time, then
     * every {@code periodNanos} when positive (fixed rate). Any thread.
     */
    public TimerTask schedule(Object context, Runnable action, long delayNanos, long periodNanos) {
        TimerTask timer;
        synchronized (timers) {
            timer = new TimerTask(this, context, action, now + Math.max(0, delayNanos), periodNanos, timerSeq++);
            timers.add(timer);
        }
        wake();
        return timer;
    }

    void cancel(TimerTask timer) {
        synchronized (timers) {
            timers.remove(timer);
        }
    }

    /** A task of a real worker thread started: time stands still until it ends. */
    public void workerStarted() {
        inFlight.incrementAndGet();
    }

    public void workerFinished() {
        inFlight.decrementAndGet();
        wake();
    }

    // ---- driving: the test's thread ----

    /**
     * Runs {@code action} as the loop's driver, then drains everything it caused. Calls nest (a
     * kit method using another); the loop cannot be driven from inside one of its own tasks.
     */
    public void drive(Runnable action) {
        if (driver.isHeldByCurrentThread() && current != NONE) {
            throw new IllegalStateException("the test kit cannot be driven from inside a channel callback or a task of its own");
        }
        driver.lock();
        try {
            action.run();
            runUntilIdle();
        } finally {
            driver.unlock();
        }
    }

    /** Runs {@code action} now, as if it were a task of {@code context} (a shard opening a session). Driver only. */
    public void runAs(Object context, Runnable action) {
        requireDriver();
        Object outer = current;
        current = context;
        try {
            action.run();
        } finally {
            current = outer;
        }
    }

    /** Runs queued tasks and timers already due until there are none; returns how many ran. Driver only. */
    public int runUntilIdle() {
        requireDriver();
        int ran = 0;
        while (true) {
            Task task = queue.poll();
            if (task != null) {
                run(task.context(), task.action());
            } else {
                TimerTask due = pollDue(now);
                if (due == null) {
                    return ran;
                }
                fire(due);
            }
            if (++ran > MAX_TASKS_PER_DRAIN) {
                throw new IllegalStateException("more than " + MAX_TASKS_PER_DRAIN
                        + " tasks ran without the server becoming idle: something keeps feeding itself"
                        + " (a channel broadcasting from handleOut to its own topic, say)");
            }
        }
    }

    /**
     * Moves virtual time to {@code target}, running every timer due on the way at its due time and
     * everything it causes. Waits for real worker threads first. Driver only.
     */
    public void advanceTo(long target) {
        requireDriver();
        settleWorkers();
        while (true) {
            TimerTask next = peekTimer();
            if (next == null || next.due() > target) {
                break;
            }
            now = Math.max(now, next.due());
            runUntilIdle();
            settleWorkers();
        }
        now = Math.max(now, target);
        runUntilIdle();
    }

    /**
     * Waits for {@code condition}: drains, then lets virtual time run to the next timer within
     * {@code windowNanos}, and, when nothing the loop controls can make progress, waits up to
     * {@code realBudgetNanos} of real time for work from other threads. True as soon as the condition
     * holds; false when the window is over (the clock then stands at its end). Driver only.
     */
    public boolean await(BooleanSupplier condition, long windowNanos, long realBudgetNanos) {
        requireDriver();
        long deadline = now + windowNanos;
        long realDeadline = System.nanoTime() + realBudgetNanos;
        long workerDeadline = System.nanoTime() + WORKER_PATIENCE_NANOS;
        while (true) {
            runUntilIdle();
            if (condition.getAsBoolean()) {
                return true;
            }
            if (inFlight.get() > 0 && System.nanoTime() < workerDeadline) {
                waitForWork(POLL_NANOS);
                continue;
            }
            TimerTask next = peekTimer();
            if (next != null && next.due() <= deadline) {
                now = Math.max(now, next.due());
                continue;
            }
            long left = realDeadline - System.nanoTime();
            if (left > 0) {
                waitForWork(Math.min(left, POLL_NANOS));
                continue;
            }
            now = Math.max(now, deadline);
            runUntilIdle();
            return condition.getAsBoolean();
        }
    }

    /** Tasks queued and not yet run (timers not counted). */
    public int pending() {
        return queue.size();
    }

    /** Real worker tasks running now. */
    public int busyWorkers() {
        return inFlight.get();
    }

    /** When the next timer is due (virtual nanoseconds), or -1 when none is scheduled. */
    public long nextTimerDue() {
        TimerTask next = peekTimer();
        return next == null ? -1 : next.due();
    }

    private void run(Object context, Runnable action) {
        Object outer = current;
        current = context;
        try {
            action.run();
        } finally {
            current = outer;
        }
    }

    private void fire(TimerTask timer) {
        if (timer.isCancelled()) {
            return;
        }
        run(timer.context(), timer::runOnce);
        if (timer.period() > 0 && !timer.isCancelled()) {
            synchronized (timers) {
                timer.reschedule(timerSeq++);
                timers.add(timer);
            }
        }
    }

    private TimerTask pollDue(long time) {
        synchronized (timers) {
            TimerTask next = timers.peek();
            return next != null && next.due() <= time ? timers.poll() : null;
        }
    }

    private TimerTask peekTimer() {
        synchronized (timers) {
            return timers.peek();
        }
    }

    /** Waits until real worker threads are done, draining what they hand back. */
    private void settleWorkers() {
        long deadline = System.nanoTime() + WORKER_PATIENCE_NANOS;
        while (true) {
            runUntilIdle();
            if (inFlight.get() == 0 && queue.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(inFlight.get() + " channel callback(s) still running on worker threads after "
                        + TimeUnit.NANOSECONDS.toSeconds(WORKER_PATIENCE_NANOS) + " s; a callback that never returns blocks the test");
            }
            waitForWork(POLL_NANOS);
        }
    }

    private void waitForWork(long nanos) {
        synchronized (signal) {
            if (!queue.isEmpty()) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(signal, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void requireDriver() {
        if (!driver.isHeldByCurrentThread()) {
            throw new IllegalStateException("only the thread driving the test kit may run its loop");
        }
    }
}
