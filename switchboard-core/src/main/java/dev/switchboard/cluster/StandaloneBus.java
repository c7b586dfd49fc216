package dev.switchboard.cluster;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** {@link ClusterBus#standalone}: a cluster of one. Sends find nobody; broadcasts reach nobody. */
final class StandaloneBus implements ClusterBus {
    private final String nodeId;

    StandaloneBus(String nodeId) {
        this.nodeId = NodeIds.require(nodeId);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public CompletableFuture<Boolean> send(String node, String kind, byte[] body) {
        Objects.requireNonNull(node, "nodeId");
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Void> broadcast(String kind, byte[] body) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void handle(String kind, Handler handler) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public boolean standalone() {
        return true;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void onReconnect(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
    }
}
