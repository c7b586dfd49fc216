package dev.switchboard.test.runtime;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Channel workers in deterministic mode: each task is queued on the {@link RunLoop} and runs on the
 * test's thread in its turn, never inline. A channel's callbacks therefore run after the frame that
 * caused them has been handed over, exactly in the order a single worker would run them, and the
 * session sees its join "in flight" as it does in production.
 */
public final class LoopWorkers extends AbstractExecutorService {
    private final RunLoop loop;
    private final String name;
    private volatile boolean shutdown;

    public LoopWorkers(RunLoop loop, String name) {
        this.loop = loop;
        this.name = name;
    }

    @Override
    public void execute(Runnable command) {
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
        loop.execute(this, command);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    @Override
    public String toString() {
        return name;
    }
}
