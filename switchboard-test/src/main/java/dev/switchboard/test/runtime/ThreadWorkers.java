package dev.switchboard.test.runtime;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Channel workers on real threads (the kit's worker-threads mode): tasks run on {@code threads},
 * concurrently with the test's thread and with each other, and are counted in flight on the
 * {@link RunLoop} so that its clock waits for them. Shutting it down shuts the threads down.
 */
public final class ThreadWorkers extends AbstractExecutorService {
    private final RunLoop loop;
    private final ExecutorService threads;

    public ThreadWorkers(RunLoop loop, ExecutorService threads) {
        this.loop = loop;
        this.threads = threads;
    }

    @Override
    public void execute(Runnable command) {
        loop.workerStarted();
        try {
            threads.execute(() -> {
                try {
                    command.run();
                } finally {
                    loop.workerFinished();
                }
            });
        } catch (RuntimeException e) {
            loop.workerFinished();
            throw e;
        }
    }

    @Override
    public void shutdown() {
        threads.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return threads.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return threads.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return threads.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
    }
}
