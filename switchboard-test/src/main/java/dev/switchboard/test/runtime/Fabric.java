package dev.switchboard.test.runtime;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.NodeIds;
import dev.switchboard.history.MemoryHistory;
import dev.switchboard.protocol.Broadcast;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the nodes of an in-memory cluster share, in place of Redis: the path of a broadcast to the
 * other nodes, one history store (so a topic's positions are the same on every node and any node
 * can replay), and the node-to-node bus presence replicates over. Every hop between nodes is a task
 * on the {@link RunLoop} (the link's "thread"), so a message reaches another node later, in order,
 * as it would through Redis.
 *
 * <p>A node can be {@linkplain #cutOff cut off}, as if its connection to Redis broke: nothing it
 * sends arrives, nothing reaches it, its bus sends fail, and broadcasts to topics with history are
 * refused (their store cannot be reached); its own clients keep getting its local broadcasts.
 * {@link #reconnect} heals it and runs its reconnect listeners (presence resynchronises).
 */
public final class Fabric {
    private final RunLoop loop;
    private final MemoryHistory history;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    /** The context of hops between nodes: no shard's, no worker's. */
    private final Object link = new Object() {
        @Override
        public String toString() {
            return "cluster link";
        }
    };

    public Fabric(RunLoop loop, MemoryHistory history) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.history = Objects.requireNonNull(history, "history");
    }

    /** Adds a node: its PubSub and its bus. The id must be unique in the cluster. */
    public Member join(String nodeId) {
        NodeIds.require(nodeId);
        Member member = new Member(nodeId);
        if (members.putIfAbsent(nodeId, member) != null) {
            throw new IllegalArgumentException("node id already in the cluster: " + nodeId);
        }
        return member;
    }

    MemoryHistory history() {
        return history;
    }

    /**
     * Hands a broadcast published on {@code from} to every other connected node, each in a later
     * hop. What left a node before it was cut off or stopped still arrives; a node cut off by the
     * time a hop reaches it misses it.
     */
    void forward(Member from, Broadcast broadcast) {
        for (Member to : members.values()) {
            if (to != from && to.connected) {
                loop.execute(link, () -> {
                    if (to.connected) {
                        to.pubsub.publishLocal(broadcast, null);
                    }
                });
            }
        }
    }

    /** Delivers one bus message in a later hop; false when nobody of that id is listening. */
    boolean deliver(Member from, String toNode, String kind, byte[] body) {
        Member to = members.get(toNode);
        if (to == null || to == from || !to.connected) {
            return false;
        }
        loop.execute(link, () -> {
            ClusterBus.Handler handler = to.handlers.get(kind);
            if (handler != null && to.connected) {
                handler.onMessage(from.nodeId, body);
            }
        });
        return true;
    }

    List<Member> others(Member from) {
        return members.values().stream().filter(m -> m != from).toList();
    }

    /** One node's attachment to the cluster. */
    public final class Member {
        final String nodeId;
        final FabricPubSub pubsub;
        final FabricBus bus;
        final Map<String, ClusterBus.Handler> handlers = new ConcurrentHashMap<>();
        final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
        volatile boolean connected = true;

        private Member(String nodeId) {
            this.nodeId = nodeId;
            this.pubsub = new FabricPubSub(Fabric.this, this);
            this.bus = new FabricBus(Fabric.this, this);
        }

        public String nodeId() {
            return nodeId;
        }

        /** This node's PubSub: local fan-out plus the hops to the other nodes. */
        public FabricPubSub pubsub() {
            return pubsub;
        }

        /** This node's end of the node-to-node bus. */
        public ClusterBus bus() {
            return bus;
        }

        public boolean connected() {
            return connected;
        }

        /** Breaks this node's link to the cluster; see {@link Fabric}. */
        public void cutOff() {
            connected = false;
        }

        /** Heals the link and runs the reconnect listeners, on the link's context. */
        public void reconnect() {
            if (connected) {
                return;
            }
            connected = true;
            loop.execute(link, () -> reconnectListeners.forEach(Runnable::run));
        }

        /** Leaves the cluster for good (the node stopped). */
        void leave() {
            connected = false;
            members.remove(nodeId, this);
        }
    }
}
