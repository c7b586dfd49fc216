package dev.switchboard.socket;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.pubsub.Outlet;

/**
 * The seam between a session and the network. One per connection.
 *
 * <p>Frames come two ways: {@link #send} with frames encoded for this connection alone (replies,
 * pushes, control frames), and {@link #sendShared} with broadcast frames shared by every
 * subscriber, straight from the PubSub's subscription table. Implementations must not mutate the
 * bytes, and flush in batches (at the end of the shard's current batch of work), never one system
 * call per message when several are pending.
 */
public interface Transport extends Outlet {

    /** The shard (event loop) this connection lives on. */
    @Override
    Shard shard();

    /** Queues one frame for the client. Thread-safe; frames sent from one thread keep their order. */
    void send(EncodedFrame frame);

    /** Queues a broadcast frame shared with other connections; called on the shard. The default just sends it. */
    @Override
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

    /**
     * True when the transport can carry binary frames (WebSocket: yes; long-poll: no). A transport
     * that cannot drops binary frames itself, with a log line.
     */
    default boolean supportsBinary() {
        return true;
    }
}
