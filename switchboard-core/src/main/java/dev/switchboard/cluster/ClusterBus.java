package dev.switchboard.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * Messages between the nodes of a cluster, addressed by node id: what long-poll forwarding and
 * presence replication travel on. Broadcasts to topics go through the
 * {@link dev.switchboard.pubsub.PubSub}; this bus carries the traffic nodes have with each other.
 *
 * <p>A single node uses {@link #standalone}: there is no other node, so every send finds nobody.
 * A cluster adapter (Redis) gives each node a private channel named after its id; a node that is
 * not subscribed there (stopped, crashed, cut off) is "not listening".
 *
 * <p>Delivery is at most once and, between two nodes, in send order. Handlers run on the bus's
 * own thread and must not block.
 */
public interface ClusterBus extends AutoCloseable {

    /** This node's id: 1–64 characters of {@code [A-Za-z0-9._:-]}. */
    String nodeId();

    /**
     * Sends {@code body} to one node's handler for {@code kind}. The future completes with true
     * when that node was listening (the message reached it), false when no node of that id is
     * listening now, and exceptionally when the bus itself is unavailable (the outcome is unknown).
     */
    CompletableFuture<Boolean> send(String nodeId, String kind, byte[] body);

    /**
     * Sends {@code body} to the handler for {@code kind} on every other node. Completes
     * exceptionally when the bus is unavailable.
     */
    CompletableFuture<Void> broadcast(String kind, byte[] body);

    /** Registers the handler for messages of {@code kind} (one per kind; a later one replaces it). */
    void handle(String kind, Handler handler);

    /** Whether messages can travel now (a standalone node: always). */
    boolean connected();

    /**
     * Called each time the bus (re)connects after having been unavailable, so replicated state can
     * catch up on what was missed while it was away. Called on the bus's thread.
     */
    void onReconnect(Runnable listener);

    /**
     * True for {@link #standalone}: no other node can exist, so state replication (presence)
     * does not run at all. Cluster adapters keep the default, false.
     */
    default boolean standalone() {
        return false;
    }

    @Override
    default void close() {}

    /** Receives the messages of one kind. */
    @FunctionalInterface
    interface Handler {
        /** @param fromNode the sending node's id */
        void onMessage(String fromNode, byte[] body);
    }

    /** The bus of a node without a cluster: nobody else is listening. */
    static ClusterBus standalone(String nodeId) {
        return new StandaloneBus(nodeId);
    }
}
