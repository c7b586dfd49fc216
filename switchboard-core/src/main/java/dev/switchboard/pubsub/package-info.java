/**
 * Publish/subscribe of broadcasts to topic subscribers.
 *
 * <p>{@link dev.switchboard.pubsub.PubSub} is the SPI; {@link dev.switchboard.pubsub.InMemoryPubSub}
 * is the single-node default and the local fan-out engine that cluster adapters build on.
 * The performance rules live here: a broadcast is wrapped once in a
 * {@link dev.switchboard.pubsub.Delivery}, encoded at most once per wire format and
 * {@link dev.switchboard.pubsub.Variant}, and the same bytes are handed to every local subscriber;
 * subscriptions are kept per {@link dev.switchboard.exec.Shard} so fan-out needs no locks, and a
 * publish costs one task per shard that has subscribers to the topic.
 *
 * <p>A {@link dev.switchboard.pubsub.Subscription} carries what delivery needs (the connection's
 * {@link dev.switchboard.pubsub.Outlet}, its format, its variant, the events its channel
 * intercepts), so a plain broadcast goes from the shard's table straight to the transport and
 * only intercepted events visit the channel.
 */
package dev.switchboard.pubsub;
