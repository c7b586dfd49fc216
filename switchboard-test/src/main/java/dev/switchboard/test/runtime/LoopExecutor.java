package dev.switchboard.test.runtime;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An executor whose tasks run on the {@link RunLoop} in their turn, on the test's thread. Shutting
 * it down only refuses later tasks: the kit owns the loop, and nothing is left to wait for.
 */
abstract class LoopExecutor extends AbstractExecutorService {
    final RunLoop loop;
    private final String name;
    private volatile boolean shutdown;

    LoopExecutor(RunLoop loop, String name) {
        this.loop = loop;
        this.name = name;
    }

    @Override
    public void execute(Runnable command) {
        requireOpen();
        loop.execute(this, command);
    }

    /** Refuses a task once shut down, naming this executor. */
    final void requireOpen() {
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
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
