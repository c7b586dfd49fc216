package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;

/**
 * Where a subscription's broadcasts go: one client connection's transport. A broadcast reaches it
 * straight from the shard's subscription table, without passing through the channel.
 */
public interface Outlet {

    /** The shard (event loop) the connection lives on; deliveries happen on its thread. */
    Shard shard();

    /**
     * Queues a frame that is being sent to many connections at once. Called on {@link #shard()}.
     * The frame is shared: implementations must not mutate it, and may prepare its wire form once
     * per batch for all their connections on the shard.
     */
    void sendShared(EncodedFrame frame);
}
