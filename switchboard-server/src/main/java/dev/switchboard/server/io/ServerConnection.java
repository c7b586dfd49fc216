package dev.switchboard.server.io;

import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Session;
import java.net.SocketAddress;

/**
 * One client connection as its event loop keeps it: a WebSocket connection or a long-poll
 * session. Every open one is in its loop's {@link Connections}, which sweeps idle ones, closes them
 * all on shutdown and counts how each one ended. Loop-confined.
 */
public interface ServerConnection {

    /** Which transport carries it. */
    TransportKind kind();

    /** Its number in this process ({@link ConnectionIds}). */
    long connectionId();

    /** When it opened, in epoch milliseconds. */
    long openedAtMillis();

    /** Its protocol session (socket id, joined topics), or null before it has one. Read on the loop. */
    Session session();

    /** The client's address, when known. */
    SocketAddress remoteAddress();

    /** {@link System#nanoTime()} of the last sign of life from the client. */
    long lastActivityNanos();

    /** How long it may stay silent before {@link #idle()}. */
    long idleTimeoutNanos();

    /** The idle timeout passed: close it. Called on the loop, already out of the registry's sweep. */
    void idle();

    /** Closes it with a reason the client can see. Thread-safe, idempotent. */
    void close(CloseReason reason);

    /**
     * Ends it now, without waiting for a close frame to get through (a connection whose client
     * stopped reading never lets it): the drain's deadline. After {@link #close}, so the reason is
     * recorded; called on the loop.
     */
    void abort();

    /** True once a close has begun (it stays in the registry until it has ended). */
    boolean isClosing();

    /**
     * The registry's periodic check of the age bound: null while the oldest unsent message is
     * within it, else the slow-consumer reason to close with (the registry closes it after its walk
     * through {@link #slowConsumer}). Called on the loop; must not close anything itself.
     */
    CloseReason outboundOverdue(long nowNanos);

    /** Closes it as a slow consumer with {@code reason}; called on the loop. */
    void slowConsumer(CloseReason reason);

    /** Its slot in the registry (-1 when not registered); only {@link Connections} calls these. */
    int registrySlot();

    void registrySlot(int slot);
}
