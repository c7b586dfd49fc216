package dev.switchboard.health;

/**
 * One dependency of a node that can fail on its own (a Redis connection, a disk), reported by
 * the server's {@code GET /health}. Register checks with
 * {@link dev.switchboard.socket.Endpoint#addHealthCheck}.
 *
 * <p>{@link #check()} is called on an I/O thread for every health request: it must only read
 * state the component already keeps (a flag, a timestamp), never do I/O or block.
 */
public interface HealthCheck {

    /** A short stable name, the key in the health report (e.g. {@code redis}). */
    String name();

    /** The state now; never null. */
    Health check();
}
