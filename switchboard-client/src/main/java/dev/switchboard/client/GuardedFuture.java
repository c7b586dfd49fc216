package dev.switchboard.client;

import dev.switchboard.client.exec.SerialExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The futures a socket hands out. They complete on the socket's callback thread, so a callback of
 * the same socket that waits for one would wait for itself forever; {@code get} and {@code join}
 * refuse that with an {@link IllegalStateException} instead. Dependent stages carry the guard too.
 */
final class GuardedFuture<T> extends CompletableFuture<T> {
    private final SerialExecutor callbacks;

    GuardedFuture(SerialExecutor callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new GuardedFuture<>(callbacks);
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        guard();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        guard();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        guard();
        return super.join();
    }

    private void guard() {
        if (!isDone() && callbacks.inExecutor()) {
            throw new IllegalStateException("waiting inside a callback for a future of the same socket would deadlock: "
                    + "it completes on this very callback thread; chain with thenAccept/thenCompose instead");
        }
    }
}
