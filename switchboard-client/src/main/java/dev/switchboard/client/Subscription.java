package dev.switchboard.client;

/** A registered handler; {@link #cancel()} removes it (idempotent, from any thread). */
@FunctionalInterface
public interface Subscription {
    void cancel();
}
