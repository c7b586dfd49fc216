package dev.switchboard.pubsub;

import dev.switchboard.protocol.Broadcast;

/**
 * Receives the broadcasts a subscription does not send straight to its outlet: the channel's
 * intercepted events ({@code handleOut}), or every broadcast of a listener subscription.
 */
@FunctionalInterface
public interface Interceptor {

    /** Called on the subscription's shard. Must not block. */
    void intercept(Broadcast broadcast);
}
