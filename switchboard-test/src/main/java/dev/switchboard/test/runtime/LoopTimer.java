package dev.switchboard.test.runtime;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on the {@link RunLoop}'s virtual clock: what a node's presence
 * tracker batches diffs and sends heartbeats with. One task at a time (the loop has one driver),
 * as the tracker requires. Shutting it down only refuses later tasks: the kit owns the loop.
 */
public final class LoopTimer extends LoopExecutor implements ScheduledExecutorService {

    public LoopTimer(RunLoop loop, String name) {
        super(loop, name);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        requireOpen();
        return loop.schedule(this, command, unit.toNanos(delay), 0);
    }

    /** The callable's result is not kept (nothing in the server reads it); {@code get()} answers null once it ran. */
    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        requireOpen();
        @SuppressWarnings("unchecked")
        ScheduledFuture<V> future = (ScheduledFuture<V>) loop.schedule(this, () -> {
            try {
                callable.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, unit.toNanos(delay), 0);
        return future;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        requirePositive(period);
        requireOpen();
        return loop.schedule(this, command, unit.toNanos(initialDelay), unit.toNanos(period));
    }

    /** On a virtual clock where tasks take no time, a fixed delay is a fixed rate. */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        requirePositive(delay);
        requireOpen();
        return loop.schedule(this, command, unit.toNanos(initialDelay), unit.toNanos(delay));
    }

    private static void requirePositive(long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

}
