package dev.switchboard.server.transport.longpoll;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The owner's side of a forwarded request: its answer travels back over the cluster bus to the
 * node holding the client's HTTP connection.
 *
 * <p>A GET's answer may carry messages, which leave the session's buffer when the answer is
 * built. So the answer counts as delivered only once the forwarding node reports that it wrote
 * it to its client ({@link ForwardCodec.Ack}); if it could not (the client left meanwhile), the
 * future fails and the session puts the messages back for the next poll, exactly as for a local
 * answer whose write failed. Without a report within {@link ForwardedRequests#ACK_TIMEOUT_MILLIS}
 * the answer is taken as delivered (the forwarding node is then gone, and its client with it).
 */
final class ForwardedExchange implements LongPollExchange {
    private final ForwardedRequests requests;
    private final String node;
    private final long id;
    private final boolean confirmed;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private volatile boolean finished;
    private volatile CompletableFuture<Void> delivery;

    /**
     * @param confirmed whether the forwarding node reports back if it wrote the answer (GETs)
     */
    ForwardedExchange(ForwardedRequests requests, String node, long id, boolean confirmed) {
        this.requests = requests;
        this.node = node;
        this.id = id;
        this.confirmed = confirmed;
    }

    String node() {
        return node;
    }

    long id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return !finished;
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public CompletableFuture<Void> answer(FullHttpResponse response) {
        byte[] body;
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers().size());
        try {
            body = ByteBufUtil.getBytes(response.content());
            for (Map.Entry<String, String> h : response.headers()) {
                headers.add(Map.entry(h.getKey(), h.getValue()));
            }
        } finally {
            response.release();
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (finished) {
            result.completeExceptionally(new IllegalStateException("forwarded request already answered or cancelled"));
            return result;
        }
        finished = true;
        delivery = result;
        if (!confirmed) {
            requests.forget(this);
        } else {
            requests.awaitAck(this);
        }
        ForwardCodec.Answer answer = new ForwardCodec.Answer(id, response.status().code(), headers, body);
        requests.bus().send(node, ForwardCodec.ANSWER, ForwardCodec.encode(answer)).whenComplete((listening, error) -> {
            if (error != null || !listening) {
                requests.forget(this);
                result.completeExceptionally(error != null ? error
                        : new IllegalStateException("node " + node + " is no longer listening"));
            } else if (!confirmed) {
                result.complete(null);
            }
        });
        return result;
    }

    /** The forwarding node reported whether its client got the answer. */
    void acknowledged(boolean written) {
        CompletableFuture<Void> result = delivery;
        if (result == null) {
            return;
        }
        if (written) {
            result.complete(null);
        } else {
            result.completeExceptionally(new IllegalStateException("the client left before the answer reached it"));
        }
    }

    /** The forwarding node's client went away: a parked poll stops waiting for it. */
    void cancelled() {
        if (finished) {
            return;
        }
        finished = true;
        for (Runnable listener : closeListeners) {
            listener.run();
        }
    }

    @Override
    public Runnable onClose(Runnable listener) {
        closeListeners.add(listener);
        return () -> closeListeners.remove(listener);
    }
}
