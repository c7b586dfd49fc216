package dev.switchboard.client.exec;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A retry timer that counts its tries, like phoenix.js's {@code Timer}: {@link #schedule()} runs
 * the action after {@code delay(tries + 1)}, cancelling any earlier schedule; {@link #reset()}
 * cancels and starts counting from one again. The action runs on the given executor (a socket's
 * loop). Not thread-safe: call it from that executor only.
 */
public final class RetryTimer {
    private final ScheduledExecutorService timers;
    private final Executor owner;
    private final Runnable action;
    private final IntFunction<Duration> delay;
    private ScheduledFuture<?> pending;
    private int tries;
    private long generation;

    public RetryTimer(ScheduledExecutorService timers, Executor owner, IntFunction<Duration> delay, Runnable action) {
        this.timers = timers;
        this.owner = owner;
        this.delay = delay;
        this.action = action;
    }

    /** Schedules the next try and returns its delay. */
    public Duration schedule() {
        cancel();
        Duration wait = delay.apply(tries + 1);
        long mine = ++generation;
        pending = timers.schedule(() -> owner.execute(() -> fire(mine)), wait.toNanos(), TimeUnit.NANOSECONDS);
        return wait;
    }

    private void fire(long mine) {
        // A reset or reschedule after the timer thread fired but before this ran wins.
        if (mine != generation) {
            return;
        }
        pending = null;
        tries++;
        action.run();
    }

    /** Cancels a scheduled try and counts from one again. */
    public void reset() {
        tries = 0;
        cancel();
    }

    /** True while a try is scheduled. */
    public boolean scheduled() {
        return pending != null;
    }

    /** Tries made since the last reset. */
    public int tries() {
        return tries;
    }

    private void cancel() {
        generation++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
