package dev.switchboard.test.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One timer of a {@link RunLoop}, due at a virtual time: ordered by due time, then by the order it
 * was scheduled in. A periodic timer is the same object rescheduled after each run, so cancelling
 * the future the caller holds stops every later run.
 */
public final class TimerTask implements ScheduledFuture<Object> {
    private final RunLoop loop;
    private final Object context;
    private final Runnable action;
    private final long period;
    /** Guarded by the loop's timer queue (it is the key there), read by the driver. */
    private volatile long due;
    private long seq;
    private volatile boolean cancelled;
    private volatile boolean done;
    private volatile Throwable failure;

    TimerTask(RunLoop loop, Object context, Runnable action, long due, long period, long seq) {
        this.loop = loop;
        this.context = context;
        this.action = action;
        this.due = due;
        this.period = period;
        this.seq = seq;
    }

    Object context() {
        return context;
    }

    long due() {
        return due;
    }

    long period() {
        return period;
    }

    void reschedule(long nextSeq) {
        due += period;
        seq = nextSeq;
    }

    /** Runs the action once; a periodic timer whose action throws runs no more (as in the JDK). */
    void runOnce() {
        try {
            action.run();
            if (period <= 0) {
                done = true;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            done = true;
            cancelled = period > 0;
            throw e;
        }
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(due - loop.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other instanceof TimerTask t) {
            int byDue = Long.compare(due, t.due);
            return byDue != 0 ? byDue : Long.compare(seq, t.seq);
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (done || cancelled) {
            return false;
        }
        cancelled = true;
        loop.cancel(this);
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return done || cancelled;
    }

    /**
     * The outcome, once the timer has run. Waiting for a timer that has not run cannot work on a
     * virtual clock (only the test moves it), so that is refused rather than left to hang.
     */
    @Override
    public Object get() throws ExecutionException {
        if (cancelled) {
            throw new CancellationException();
        }
        if (!done) {
            throw new IllegalStateException("a timer on the test kit's virtual clock runs only when the test moves the clock;"
                    + " it cannot be waited for");
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        if (!isDone()) {
            throw new TimeoutException("not run yet: the virtual clock has not reached it");
        }
        return get();
    }
}
