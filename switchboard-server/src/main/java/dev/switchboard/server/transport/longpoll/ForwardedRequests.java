package dev.switchboard.server.transport.longpoll;

import dev.switchboard.cluster.ClusterBus;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of long-poll forwarding: runs the GETs and POSTs other nodes received for
 * this node's sessions, and sends the answers back (spec §5.6: a cluster must route by token).
 * The token is verified here again: the bus is not trusted to carry only what a node checked.
 */
final class ForwardedRequests {
    private static final Logger log = LoggerFactory.getLogger(ForwardedRequests.class);
    /** How long a forwarded GET's answer waits for the forwarding node's report before it counts as delivered. */
    static final long ACK_TIMEOUT_MILLIS = 5_000;

    private final ClusterBus bus;
    private final LocalLongPollSessions sessions;
    private final ConcurrentHashMap<Key, ForwardedExchange> open = new ConcurrentHashMap<>();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    private record Key(String node, long id) {
    }

    ForwardedRequests(ClusterBus bus, LocalLongPollSessions sessions) {
        this.bus = bus;
        this.sessions = sessions;
        bus.handle(ForwardCodec.REQUEST, this::onRequest);
        bus.handle(ForwardCodec.CANCEL, this::onCancel);
        bus.handle(ForwardCodec.ACK, this::onAck);
    }

    ClusterBus bus() {
        return bus;
    }

    /** Forwarding messages that could not be read (another version, corruption). */
    long invalidMessages() {
        return invalid.get();
    }

    /** Requests other nodes forwarded here since start. */
    long received() {
        return received.get();
    }

    /** Requests received and not yet finished (for tests). */
    int openRequests() {
        return open.size();
    }

    private void onRequest(String from, byte[] bytes) {
        ForwardCodec.Request r;
        try {
            r = ForwardCodec.request(bytes);
        } catch (IOException e) {
            refuse(from, e);
            return;
        }
        HttpMethod method = "GET".equals(r.method()) ? HttpMethod.GET : "POST".equals(r.method()) ? HttpMethod.POST : null;
        if (method == null) {
            refuse(from, new IOException("method " + r.method()));
            return;
        }
        received.incrementAndGet();
        ForwardedExchange exchange = new ForwardedExchange(this, from, r.id(), method == HttpMethod.GET);
        LongPollRequest req = LongPollRequest.forwarded(exchange, method, r.mountPath() + LongPollProtocol.SUFFIX,
                r.token(), r.contentType(), r.body());
        LongPollSessions.Location location = sessions.locate(r.token(), r.mountPath());
        if (!(location instanceof LongPollSessions.Local local)) {
            log.debug("Forwarded long-poll {} from {} names no session here: {}", method, from, location);
            LongPollResponses.status(req, LongPollProtocol.GONE);
            return;
        }
        open.put(new Key(from, r.id()), exchange);
        sessions.withSession(local, session -> {
            if (session == null) {
                LongPollResponses.status(req, LongPollProtocol.GONE);
            } else if (method == HttpMethod.GET) {
                session.poll(req);
            } else {
                session.post(req);
            }
        });
    }

    private void onCancel(String from, byte[] bytes) {
        try {
            ForwardedExchange exchange = open.remove(new Key(from, ForwardCodec.cancel(bytes).id()));
            if (exchange != null) {
                exchange.cancelled();
            }
        } catch (IOException e) {
            refuse(from, e);
        }
    }

    private void onAck(String from, byte[] bytes) {
        try {
            ForwardCodec.Ack ack = ForwardCodec.ack(bytes);
            ForwardedExchange exchange = open.remove(new Key(from, ack.id()));
            if (exchange != null) {
                exchange.acknowledged(ack.written());
            }
        } catch (IOException e) {
            refuse(from, e);
        }
    }

    /** The answer is on its way; keep the exchange until its report arrives or the wait ends. */
    void awaitAck(ForwardedExchange exchange) {
        GlobalEventExecutor.INSTANCE.schedule(() -> {
            if (open.remove(new Key(exchange.node(), exchange.id()), exchange)) {
                exchange.acknowledged(true);
            }
        }, ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    void forget(ForwardedExchange exchange) {
        open.remove(new Key(exchange.node(), exchange.id()), exchange);
    }

    private void refuse(String from, IOException e) {
        long count = invalid.incrementAndGet();
        if (Long.bitCount(count) == 1) { // 1st, 2nd, 4th, 8th, …: visible without flooding the log
            log.warn("Ignored an unreadable long-poll forwarding message from node {} ({} so far): {}", from, count,
                    e.getMessage());
        }
    }
}
