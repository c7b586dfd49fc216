package dev.switchboard.client;

import java.lang.System.Logger.Level;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Registered application handlers of one kind; delivery happens on the socket's callback thread. */
final class Callbacks<T> {
    static final System.Logger LOG = System.getLogger("dev.switchboard.client");

    private final CopyOnWriteArrayList<Handler<T>> handlers = new CopyOnWriteArrayList<>();

    /** A wrapper per registration, so the same lambda registered twice is two registrations. */
    private static final class Handler<T> {
        final Consumer<T> consumer;

        Handler(Consumer<T> consumer) {
            this.consumer = consumer;
        }
    }

    Subscription add(Consumer<T> consumer) {
        java.util.Objects.requireNonNull(consumer, "handler");
        Handler<T> handler = new Handler<>(consumer);
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    boolean isEmpty() {
        return handlers.isEmpty();
    }

    /** Calls every handler with the value; call on the callback thread. A handler that throws is logged and skipped. */
    void deliver(T value, String what) {
        for (Handler<T> handler : handlers) {
            guarded(() -> handler.consumer.accept(value), what);
        }
    }

    /** Runs application code; an exception is logged, never propagated into the client. */
    static void guarded(Runnable callback, String what) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            LOG.log(Level.WARNING, "application callback for " + what + " threw; the client carries on", e);
        }
    }
}
