package dev.switchboard.test.runtime;

import dev.switchboard.cluster.ClusterBus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One node's end of the in-memory cluster bus: messages to other nodes travel as hops on the
 * {@link RunLoop} ({@link Fabric}), in send order, at most once. While the node is cut off every
 * send fails, as when Redis is unreachable.
 */
final class FabricBus implements ClusterBus {
    private final Fabric fabric;
    private final Fabric.Member member;

    FabricBus(Fabric fabric, Fabric.Member member) {
        this.fabric = fabric;
        this.member = member;
    }

    @Override
    public String nodeId() {
        return member.nodeId;
    }

    @Override
    public CompletableFuture<Boolean> send(String nodeId, String kind, byte[] body) {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!member.connected) {
            return CompletableFuture.failedFuture(unavailable());
        }
        return CompletableFuture.completedFuture(fabric.deliver(member, nodeId, kind, body));
    }

    @Override
    public CompletableFuture<Void> broadcast(String kind, byte[] body) {
        if (!member.connected) {
            return CompletableFuture.failedFuture(unavailable());
        }
        for (Fabric.Member other : fabric.others(member)) {
            fabric.deliver(member, other.nodeId, kind, body);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void handle(String kind, Handler handler) {
        member.handlers.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public boolean connected() {
        return member.connected;
    }

    @Override
    public void onReconnect(Runnable listener) {
        member.reconnectListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        member.leave();
    }

    private IllegalStateException unavailable() {
        return new IllegalStateException("node " + member.nodeId + " is cut off from the cluster bus");
    }
}
