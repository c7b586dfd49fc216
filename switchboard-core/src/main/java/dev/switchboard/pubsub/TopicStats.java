package dev.switchboard.pubsub;

/**
 * One topic as this node's PubSub sees it at one moment.
 *
 * @param topic       the topic
 * @param subscribers client channels subscribed on this node
 * @param published   broadcasts on the topic fanned out on this node since its first local subscriber
 *                    (published here, or received from other nodes)
 */
public record TopicStats(String topic, int subscribers, long published) {}
