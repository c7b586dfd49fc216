package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;

/** Something that receives broadcasts; in practice one joined channel instance. */
public interface Subscriber {

    /** The shard this subscriber lives on; deliveries happen on its thread. */
    Shard shard();

    /** Called on {@link #shard()} for each broadcast to a subscribed topic. Must not block. */
    void deliver(Delivery delivery);
}
