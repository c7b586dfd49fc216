package dev.switchboard.channel;

/** Where a channel's callbacks run. See the package documentation for the threading contract. */
public enum Execution {
    /** On a worker executor, serialized per channel instance; callbacks may block. The default. */
    WORKER,
    /** Directly on the connection's network event loop; callbacks must never block. */
    EVENT_LOOP
}
