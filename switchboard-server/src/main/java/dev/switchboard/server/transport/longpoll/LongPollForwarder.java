package dev.switchboard.server.transport.longpoll;

import dev.switchboard.cluster.ClusterBus;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding side: a GET or POST whose token names a session of another node goes to that
 * node over the cluster bus, and its answer comes back to this node's HTTP connection — so a load
 * balancer needs no sticky sessions.
 *
 * <p>When the owner is not listening (stopped, crashed) the client gets {@code {"status":410}}
 * at once: phoenix.js then drops its token, reconnects and rejoins, and the new session lives on
 * whichever node takes that request. The same when the bus is down, or when no answer comes
 * within the poll window plus {@link #GRACE_MILLIS} (the owner answers every poll within the
 * window, so silence means it died holding the request).
 */
final class LongPollForwarder {
    private static final Logger log = LoggerFactory.getLogger(LongPollForwarder.class);
    static final long GRACE_MILLIS = 5_000;

    private final ClusterBus bus;
    private final long timeoutMillis;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong gone = new AtomicLong();

    private record Pending(LongPollRequest request, String owner, ScheduledFuture<?> timeout, Runnable stopWatching) {
        void stop() {
            timeout.cancel(false);
            stopWatching.run();
        }
    }

    LongPollForwarder(ClusterBus bus, long windowMillis) {
        this.bus = bus;
        this.timeoutMillis = windowMillis + GRACE_MILLIS;
        bus.handle(ForwardCodec.ANSWER, this::onAnswer);
    }

    long invalidMessages() {
        return invalid.get();
    }

    /** Requests sent to their session's owner since start. */
    long forwarded() {
        return forwarded.get();
    }

    /** Forwarded requests answered 410 because the owner could not be reached or did not answer. */
    long gone() {
        return gone.get();
    }

    /** Requests forwarded and not yet answered (for tests). */
    int pending() {
        return pending.size();
    }

    /** Forwards {@code req}, which arrived here with a valid token naming {@code owner}'s session. */
    void forward(LongPollRequest req, String owner, String token, String mountPath) {
        long id = ids.incrementAndGet();
        HttpExchange http = req.http();
        ScheduledFuture<?> timeout = http.ctx().executor().schedule(
                () -> giveUp(id, "no answer from node " + owner + " within " + timeoutMillis + " ms", true),
                timeoutMillis, TimeUnit.MILLISECONDS);
        Runnable stopWatching = http.onClose(() -> {
            Pending gone = pending.remove(id);
            if (gone != null) {
                gone.stop();
                cancel(owner, id);
            }
        });
        pending.put(id, new Pending(req, owner, timeout, stopWatching));
        forwarded.incrementAndGet();
        ForwardCodec.Request message = new ForwardCodec.Request(id, req.method().name(), mountPath, token,
                req.header(HttpHeaderNames.CONTENT_TYPE), req.body());
        bus.send(owner, ForwardCodec.REQUEST, ForwardCodec.encode(message)).whenComplete((listening, error) -> {
            if (error != null) {
                giveUp(id, "cannot reach the cluster (" + error.getMessage() + ")", false);
            } else if (!listening) {
                giveUp(id, "node " + owner + " is not running", false);
            }
        });
    }

    private void giveUp(long id, String reason, boolean tellOwner) {
        Pending p = pending.remove(id);
        if (p == null) {
            return;
        }
        p.stop();
        gone.incrementAndGet();
        if (tellOwner) {
            cancel(p.owner(), id);
        }
        log.info("Long-poll {} for a session of node {} answered 410 (session gone): {}", p.request().method(),
                p.owner(), reason);
        LongPollResponses.status(p.request(), LongPollProtocol.GONE);
    }

    private void cancel(String owner, long id) {
        bus.send(owner, ForwardCodec.CANCEL, ForwardCodec.encode(new ForwardCodec.Cancel(id)));
    }

    private void onAnswer(String from, byte[] bytes) {
        ForwardCodec.Answer answer;
        try {
            answer = ForwardCodec.answer(bytes);
        } catch (IOException e) {
            long count = invalid.incrementAndGet();
            if (Long.bitCount(count) == 1) {
                log.warn("Ignored an unreadable long-poll answer from node {} ({} so far): {}", from, count, e.getMessage());
            }
            return;
        }
        Pending p = pending.get(answer.id());
        if (p == null || !p.owner().equals(from) || !pending.remove(answer.id(), p)) {
            // Too late: the client left or we gave up. A GET's messages go back to the session.
            bus.send(from, ForwardCodec.ACK, ForwardCodec.encode(new ForwardCodec.Ack(answer.id(), false)));
            return;
        }
        p.stop();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        for (Map.Entry<String, String> h : answer.headers()) {
            // The connection's own framing is this node's business, not the owner's.
            if (!HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(h.getKey())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        }
        boolean confirm = HttpMethod.GET.equals(p.request().method());
        p.request().exchange().answer(response).whenComplete((ok, failure) -> {
            if (confirm) {
                bus.send(from, ForwardCodec.ACK, ForwardCodec.encode(new ForwardCodec.Ack(answer.id(), failure == null)));
            }
        });
    }
}
