package dev.switchboard.socket;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;

/**
 * The seam between a session and the network. One per connection.
 *
 * <p>{@link #send} is called both with frames encoded for this connection alone and with frames
 * shared by many connections (broadcasts, via {@link #sendShared}): implementations must not
 * mutate the bytes, and may prepare a shared frame once per batch. Writes are flushed in batches
 * (at the end of the shard's current batch of work), never one system call per message when
 * several are pending.
 */
public interface Transport {

    /** The shard (event loop) this connection lives on. */
    Shard shard();

    /** Queues one frame for the client. Thread-safe; frames sent from one thread keep their order. */
    void send(EncodedFrame frame);

    /**
     * Queues a frame that is being sent to many connections at once (a broadcast). Called on the
     * shard. Transports may prepare the frame once and share the result; the default just sends.
     */
    default void sendShared(EncodedFrame frame) {
        send(frame);
    }

    /** Closes the connection with a reason the client can see (WebSocket close code + text). Thread-safe, idempotent. */
    void close(CloseReason reason);

    /**
     * Asks the transport to stop (false) or resume (true) reading client input. A session pauses
     * reading while a join is in progress, so a client that floods during a slow join is held
     * back by TCP flow control instead of by an unbounded queue. Called on the shard.
     */
    default void setReading(boolean reading) {}

    /** True when the transport can carry binary frames (WebSocket: yes; long-poll: no). */
    default boolean supportsBinary() {
        return true;
    }
}
