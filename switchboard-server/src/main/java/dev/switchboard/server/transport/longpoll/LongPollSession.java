package dev.switchboard.server.transport.longpoll;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.FlushBatcher;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.ConnectionIds;
import dev.switchboard.server.io.ServerConnection;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Session;
import dev.switchboard.socket.Transport;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-poll connection: the {@link Transport} of its {@link Session}, the buffer of frames
 * waiting for the next poll, the parked poll, and the POSTs being dispatched. Confined to its
 * event loop; {@link #send} and {@link #close} hop there from other threads.
 *
 * <p><b>No message lost or duplicated between polls.</b> Frames leave the buffer only when a poll
 * answer is built from them, never for a poll whose connection is already closed; if writing
 * that answer fails they go back to the front of the buffer — unless a later poll has been
 * answered meanwhile, since putting them back then would reorder the stream (they are dropped
 * and logged; the client of a failed answer errors and reconnects anyway).
 *
 * <p><b>One parked poll.</b> A client has at most one poll in flight; a new one means the old one
 * is stale (its client gave up on it, or a proxy retried), so the old one is answered 204 and the
 * new one takes its place, as in Phoenix.
 *
 * <p><b>Expiry.</b> The event loop's {@link dev.switchboard.server.io.Connections} sweep closes the
 * session once no poll has been seen for the session lifetime; a parked poll counts as activity.
 * No timer per session.
 */
public final class LongPollSession implements Transport, ServerConnection, FlushBatcher.Flushable {
    private static final Logger log = LoggerFactory.getLogger(LongPollSession.class);

    private final EventLoopShard shard;
    private final LocalLongPollSessions registry;
    private final long id;
    private final String token;
    private final String mountPath;
    private final long lifetimeNanos;
    private final long windowMillis;
    private final long maxBufferedBytes;
    private final long maxBufferedAgeNanos;
    private final ArrayDeque<EncodedFrame> buffer = new ArrayDeque<>();
    private final PostQueue posts;

    private Session session;
    private long bufferedBytes;
    /** When the oldest buffered frame was buffered ({@link System#nanoTime()}); meaningless while the buffer is empty. */
    private long oldestBufferedNanos;
    /** Number of poll answers that carried messages; tells a failed answer whether it may requeue. */
    private long deliveries;
    private ParkedPoll parked;
    private long lastPollNanos = System.nanoTime();
    private boolean wakeScheduled;
    private boolean closed;
    private int registrySlot = -1;
    private final long connectionId = ConnectionIds.next();
    private final long openedAtMillis = System.currentTimeMillis();
    /** The client address of the request that opened the session (later polls may come from elsewhere). */
    private final SocketAddress remoteAddress;

    LongPollSession(EventLoopShard shard, LocalLongPollSessions registry, long id, String token, String mountPath,
                    LongPollOptions options, OutboundOptions outbound, SocketAddress remoteAddress) {
        this.shard = shard;
        this.remoteAddress = remoteAddress;
        this.registry = registry;
        this.id = id;
        this.token = token;
        this.mountPath = mountPath;
        this.lifetimeNanos = options.effectiveSessionLifetime().toNanos();
        this.windowMillis = options.window().toMillis();
        this.maxBufferedBytes = outbound.maxOutboundBytes();
        this.maxBufferedAgeNanos = outbound.maxOutboundAge().toNanos();
        this.posts = new PostQueue(this, shard, windowMillis);
    }

    /** Attaches the protocol session and starts the lifetime clock. Call on the shard. */
    void start(Session session) {
        this.session = session;
        registry.add(shard, id, this);
        shard.connections().add(this);
    }

    @Override
    public Session session() {
        return session;
    }

    String token() {
        return token;
    }

    String mountPath() {
        return mountPath;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- requests, on the shard ----

    /** A GET with this session's token: answer now when frames are waiting, else park it. */
    void poll(LongPollRequest req) {
        if (closed) {
            LongPollResponses.status(req, LongPollProtocol.GONE);
            return;
        }
        lastPollNanos = System.nanoTime();
        if (parked != null) {
            LongPollResponses.session(unpark(), LongPollProtocol.NO_CONTENT, token, List.of());
        }
        if (!buffer.isEmpty() && req.exchange().isOpen()) {
            deliver(req);
        } else {
            park(req);
        }
    }

    /** A POST with this session's token. */
    void post(LongPollRequest req) {
        if (closed) {
            LongPollResponses.status(req, LongPollProtocol.GONE);
            return;
        }
        posts.add(req);
    }

    private void park(LongPollRequest req) {
        // Both callbacks are queued on this loop, so they run after parked is set, and act only
        // while this very request is still the parked one.
        parked = new ParkedPoll(req, shard, windowMillis,
                () -> {
                    if (isParked(req)) {
                        LongPollResponses.session(unpark(), LongPollProtocol.NO_CONTENT, token, List.of());
                    }
                },
                () -> {
                    if (isParked(req)) {
                        unpark(); // the client went away: keep the frames for its next poll
                    }
                });
    }

    private boolean isParked(LongPollRequest req) {
        return parked != null && parked.request() == req;
    }

    /** Ends the parked poll's wait and returns its request, to be answered by the caller. */
    private LongPollRequest unpark() {
        ParkedPoll poll = parked;
        parked = null;
        lastPollNanos = System.nanoTime(); // the poll was alive until now
        return poll.release();
    }

    /** Answers {@code req} with every buffered frame; they leave the buffer only now. */
    private void deliver(LongPollRequest req) {
        List<EncodedFrame> batch = new ArrayList<>(buffer);
        long oldest = oldestBufferedNanos;
        buffer.clear();
        bufferedBytes = 0;
        long sequence = ++deliveries;
        LongPollResponses.session(req, LongPollProtocol.OK, token, batch).whenComplete((ok, failure) -> {
            if (failure != null) {
                shard.execute(() -> requeue(batch, oldest, sequence, failure));
            }
        });
    }

    private void requeue(List<EncodedFrame> batch, long oldest, long sequence, Throwable cause) {
        if (closed) {
            return;
        }
        if (sequence != deliveries) {
            log.warn("Long-poll session on {}: {} messages lost, their answer failed ({}) after a later poll was answered",
                    mountPath, batch.size(), cause == null ? "unknown" : cause.toString());
            return;
        }
        log.debug("Long-poll answer failed ({}); {} messages wait for the next poll", cause, batch.size());
        oldestBufferedNanos = oldest; // they are older than anything buffered since
        for (int i = batch.size() - 1; i >= 0; i--) {
            buffer.addFirst(batch.get(i));
            bufferedBytes += batch.get(i).length();
        }
        wake();
    }

    // ---- Transport ----

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public void send(EncodedFrame frame) {
        if (!shard.inShard()) {
            shard.execute(() -> send(frame));
            return;
        }
        if (closed) {
            return;
        }
        if (frame.binary()) {
            // The session drops binary frames for text-only transports already; never put one in a poll answer.
            log.warn("Dropping a binary frame on a long-poll session: long-poll carries text only");
            return;
        }
        if (buffer.isEmpty()) {
            oldestBufferedNanos = System.nanoTime();
        }
        buffer.add(frame);
        bufferedBytes += frame.length();
        if (bufferedBytes > maxBufferedBytes) {
            log.warn("Closing long-poll session on {}: {} bytes wait for a poll (limit maxOutboundBytes {})",
                    mountPath, bufferedBytes, maxBufferedBytes);
            close(CloseReason.slowConsumer(bufferedBytes + " bytes wait for a poll (limit " + maxBufferedBytes + ")"));
            return;
        }
        wake();
    }

    /** Answers the parked poll at the end of this event-loop batch, so frames sent together leave together. */
    private void wake() {
        if (parked != null && !wakeScheduled) {
            wakeScheduled = true;
            shard.flusher().add(this);
        }
    }

    @Override
    public void flushBatch() {
        wakeScheduled = false;
        if (parked != null && !buffer.isEmpty()) {
            LongPollRequest req = unpark();
            if (req.exchange().isOpen()) {
                deliver(req);
            }
        }
    }

    @Override
    public void setReading(boolean reading) {
        posts.setReading(reading);
    }

    @Override
    public boolean supportsBinary() {
        return false;
    }

    /**
     * Ends the session: the parked poll gets what is still buffered (200) or 410, waiting POSTs
     * get 410, the channels terminate. Thread-safe, idempotent.
     */
    @Override
    public void close(CloseReason reason) {
        if (!shard.inShard()) {
            shard.execute(() -> close(reason));
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        log.debug("Long-poll session on {} closed: {}", mountPath, reason.reason());
        registry.remove(shard, id, this);
        shard.connections().remove(this, reason.cause());
        if (parked != null) {
            LongPollRequest req = unpark();
            if (buffer.isEmpty()) {
                LongPollResponses.status(req, LongPollProtocol.GONE);
            } else {
                LongPollResponses.session(req, LongPollProtocol.OK, token, new ArrayList<>(buffer));
            }
        }
        buffer.clear();
        bufferedBytes = 0;
        posts.closeAll();
        if (session != null) {
            session.transportClosed();
        }
    }

    // ---- ServerConnection ----

    @Override
    public TransportKind kind() {
        return TransportKind.LONGPOLL;
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    /** {@link #close} already ended it: nothing waits for the client. */
    @Override
    public void abort() {
    }

    /**
     * Frames not collected by a poll for longer than {@code maxOutboundAge}: the client polls too
     * rarely, or its polls never complete (a parked poll is answered at once when frames arrive,
     * so frames only wait while no poll is parked). The session lifetime ends a client that stopped
     * polling altogether; this bound ends one that keeps its session alive without collecting.
     */
    @Override
    public CloseReason outboundOverdue(long nowNanos) {
        if (closed || buffer.isEmpty() || nowNanos - oldestBufferedNanos <= maxBufferedAgeNanos) {
            return null;
        }
        long ageMillis = (nowNanos - oldestBufferedNanos) / 1_000_000;
        log.warn("Closing long-poll session on {}: oldest message has waited {} ms for a poll (limit maxOutboundAge {} ms)",
                mountPath, ageMillis, maxBufferedAgeNanos / 1_000_000);
        return CloseReason.slowConsumerAge("oldest message waited " + ageMillis + " ms for a poll (limit "
                + maxBufferedAgeNanos / 1_000_000 + " ms)");
    }

    @Override
    public void slowConsumer(CloseReason reason) {
        close(reason);
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    @Override
    public long openedAtMillis() {
        return openedAtMillis;
    }

    @Override
    public int registrySlot() {
        return registrySlot;
    }

    @Override
    public void registrySlot(int slot) {
        registrySlot = slot;
    }

    @Override
    public long lastActivityNanos() {
        return parked != null ? System.nanoTime() : lastPollNanos;
    }

    @Override
    public long idleTimeoutNanos() {
        return lifetimeNanos;
    }

    @Override
    public void idle() {
        close(CloseReason.SESSION_EXPIRED);
    }
}
