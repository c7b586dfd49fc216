package dev.switchboard.protocol;

/**
 * Anything that travels on the wire. Clients only ever send {@link Message}s; servers send
 * messages (pushes and control frames), {@link Reply replies} and {@link Broadcast broadcasts}.
 */
public sealed interface Frame permits Message, Reply, Broadcast {
    String topic();
}
