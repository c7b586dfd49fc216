package dev.switchboard.test.runtime;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.history.HistoryRules;
import dev.switchboard.history.HistoryStore;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.Subscription;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The PubSub of one node of an in-memory cluster, built as the Redis one is: the in-memory fan-out
 * for this node's subscribers, plus a hop to every other node ({@link Fabric}).
 *
 * <ul>
 *   <li>Topics without history: this node's subscribers first, then the other nodes, each of
 *       which hands it to all of its subscribers ({@code broadcastFrom}'s excluded subscriber
 *       lives here).</li>
 *   <li>Topics with history: the broadcast takes its position in the cluster's one store, then
 *       goes to this node and to the others in that order, so every node delivers a topic's
 *       broadcasts in offset order. While the node is cut off such a broadcast is refused (the
 *       stage fails and nobody receives it), as with Redis unreachable.</li>
 * </ul>
 */
public final class FabricPubSub extends InMemoryPubSub {
    private final Fabric fabric;
    private final Fabric.Member member;
    private final HistoryStore store;

    FabricPubSub(Fabric fabric, Fabric.Member member) {
        super(null);
        this.fabric = fabric;
        this.member = member;
        this.store = new LinkedStore();
    }

    @Override
    public CompletionStage<Position> publish(Broadcast broadcast, Subscription from) {
        HistoryOptions options = historyOf(broadcast);
        if (options == null) {
            publishLocal(broadcast, from);
            if (member.connected) {
                fabric.forward(member, broadcast);
            }
            return NO_POSITION;
        }
        if (!member.connected) {
            return CompletableFuture.failedStage(unreachable());
        }
        Position position = fabric.history().append(broadcast, options, positioned -> {
            publishLocal(positioned, from);
            fabric.forward(member, positioned);
        });
        return CompletableFuture.completedStage(position);
    }

    @Override
    public HistoryStore history() {
        return store;
    }

    private IllegalStateException unreachable() {
        return new IllegalStateException("node " + member.nodeId + " is cut off from the cluster: the history store cannot be reached");
    }

    /** The cluster's store as this node reaches it: unreachable while the node is cut off. */
    private final class LinkedStore implements HistoryStore {
        @Override
        public HistoryRules rules() {
            return fabric.history().rules();
        }

        @Override
        public CompletionStage<HistoryRead> read(String topic, Position since, int limit) {
            if (!member.connected) {
                return CompletableFuture.failedStage(unreachable());
            }
            return fabric.history().read(topic, since, limit);
        }
    }
}
