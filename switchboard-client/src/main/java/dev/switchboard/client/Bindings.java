package dev.switchboard.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A channel's event handlers ({@code channel.on(event, handler)}), by event name. */
final class Bindings {
    private final Map<String, Callbacks<Incoming>> byEvent = new ConcurrentHashMap<>();

    Subscription on(String event, Consumer<Incoming> handler) {
        java.util.Objects.requireNonNull(event, "event");
        return byEvent.computeIfAbsent(event, e -> new Callbacks<>()).add(handler);
    }

    /** Runs the handlers registered for the message's event at this moment; on the callback thread. */
    void deliver(Incoming message) {
        Callbacks<Incoming> handlers = byEvent.get(message.event());
        if (handlers != null) {
            handlers.deliver(message, "event " + message.event() + " on " + message.topic());
        }
    }
}
