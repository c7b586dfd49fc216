package dev.switchboard.presence;

import dev.switchboard.cluster.ClusterBus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * An in-process cluster bus for replication tests: every node's handlers run on that node's own
 * bus thread, in send order. A node can be cut off (its messages in both directions are lost and
 * its sends fail, as when Redis is unreachable) and reconnected (its onReconnect listeners run),
 * and single messages can be dropped by a filter.
 */
final class LocalCluster implements AutoCloseable {
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    /** (from, body) → true to lose the message. */
    private volatile BiPredicate<String, String> drop = (from, body) -> false;

    ClusterBus bus(String nodeId) {
        Node node = new Node(nodeId);
        Node old = nodes.put(nodeId, node);
        if (old != null) {
            old.close();
        }
        return node;
    }

    void dropWhen(BiPredicate<String, String> filter) {
        this.drop = filter;
    }

    void cutOff(String nodeId) {
        nodes.get(nodeId).connected = false;
    }

    void reconnect(String nodeId) {
        Node node = nodes.get(nodeId);
        node.connected = true;
        node.thread.execute(() -> node.reconnectListeners.forEach(Runnable::run));
    }

    @Override
    public void close() {
        nodes.values().forEach(Node::close);
    }

    private void deliver(Node from, Node to, String kind, byte[] body) {
        if (!to.connected || drop.test(from.nodeId, new String(body, java.nio.charset.StandardCharsets.UTF_8))) {
            return;
        }
        to.thread.execute(() -> {
            ClusterBus.Handler handler = to.handlers.get(kind);
            if (handler != null && to.connected) {
                handler.onMessage(from.nodeId, body);
            }
        });
    }

    private final class Node implements ClusterBus {
        final String nodeId;
        final ExecutorService thread;
        final Map<String, Handler> handlers = new ConcurrentHashMap<>();
        final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
        volatile boolean connected = true;

        Node(String nodeId) {
            this.nodeId = nodeId;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "local-bus-" + nodeId);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public CompletableFuture<Boolean> send(String target, String kind, byte[] body) {
            if (!connected) {
                return CompletableFuture.failedFuture(new IllegalStateException("bus unavailable"));
            }
            Node to = nodes.get(target);
            if (to == null || to == this) {
                return CompletableFuture.completedFuture(false);
            }
            deliver(this, to, kind, body);
            return CompletableFuture.completedFuture(to.connected);
        }

        @Override
        public CompletableFuture<Void> broadcast(String kind, byte[] body) {
            if (!connected) {
                return CompletableFuture.failedFuture(new IllegalStateException("bus unavailable"));
            }
            for (Node to : nodes.values()) {
                if (to != this) {
                    deliver(this, to, kind, body);
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void handle(String kind, Handler handler) {
            handlers.put(kind, handler);
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public void onReconnect(Runnable listener) {
            reconnectListeners.add(listener);
        }

        @Override
        public void close() {
            nodes.remove(nodeId, this);
            thread.shutdown();
            try {
                thread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
