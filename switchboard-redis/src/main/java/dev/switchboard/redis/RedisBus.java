package dev.switchboard.redis;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.NodeIds;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterBus} over Redis pub/sub: each node subscribes to {@code {prefix}:node:{id}}, so
 * the reply to a PUBLISH there (the number of subscribers that got it) says whether that node is
 * listening; {@code {prefix}:nodes} reaches all of them. Handlers run on a Lettuce I/O thread.
 */
final class RedisBus implements ClusterBus {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final RedisCluster cluster;
    private final ConcurrentHashMap<String, Handler> handlers = new ConcurrentHashMap<>();
    private final ThrottledLog unhandled = new ThrottledLog(log, 10, TimeUnit.SECONDS);

    RedisBus(RedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String nodeId() {
        return cluster.nodeId();
    }

    @Override
    public CompletableFuture<Boolean> send(String nodeId, String kind, byte[] body) {
        NodeIds.require(nodeId);
        return cluster.sendToNode(nodeId, envelope(kind, body)).thenApply(receivers -> receivers > 0);
    }

    @Override
    public CompletableFuture<Void> broadcast(String kind, byte[] body) {
        return cluster.sendToAllNodes(envelope(kind, body)).thenApply(receivers -> null);
    }

    @Override
    public void handle(String kind, Handler handler) {
        handlers.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public boolean connected() {
        return cluster.connected();
    }

    @Override
    public void onReconnect(Runnable listener) {
        cluster.onReconnect(Objects.requireNonNull(listener, "listener"));
    }

    /** Closes the {@link RedisCluster} this bus belongs to. */
    @Override
    public void close() {
        cluster.close();
    }

    void dispatch(String fromNode, String kind, byte[] body) {
        Handler handler = handlers.get(kind);
        if (handler == null) {
            unhandled.warn("Node message of kind '{}' from node {} ignored: no handler for that kind on this node", kind, fromNode);
            return;
        }
        try {
            handler.onMessage(fromNode, body);
        } catch (RuntimeException e) {
            log.error("Handler for node messages of kind '{}' failed on a message from {}", kind, fromNode, e);
        }
    }

    private Envelope.ForNode envelope(String kind, byte[] body) {
        return new Envelope.ForNode(nodeId(), Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(body, "body"));
    }
}
