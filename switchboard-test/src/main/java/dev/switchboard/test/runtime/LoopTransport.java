package dev.switchboard.test.runtime;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Session;
import dev.switchboard.socket.Transport;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The in-memory connection between one test client and its {@link Session}: the session's
 * {@link Transport}, behaving as the WebSocket transport does where a session can tell.
 *
 * <ul>
 *   <li>The client's frames are read as tasks of the connection's shard, in order; while the
 *       session pauses reading (a join in flight on a worker) they wait here, as they would in
 *       the socket's receive buffer.</li>
 *   <li>What the server sends reaches the {@link Client} at once, on the sending thread, as the
 *       bytes the serializer made; nothing is sent once the connection is closed.</li>
 *   <li>A close by the server is seen by the client first, then reported to the session later, on
 *       the shard, as a real transport reports it.</li>
 *   <li>A connection from which the client sent nothing for the socket's {@code idleTimeout}
 *       (virtual time) is closed with {@link CloseReason#IDLE_TIMEOUT}, as the server's idle sweep
 *       does (which checks once a second; here the check is exact).</li>
 * </ul>
 */
public final class LoopTransport implements Transport {

    /** The client side of the connection. Called on whatever thread the server sends from. */
    public interface Client {
        /** One frame from the server; {@code shared} for a broadcast written from the subscription table. */
        void received(EncodedFrame frame, boolean shared);

        /** The server closed the connection. */
        void closedByServer(CloseReason reason);
    }

    private record Unread(byte[] data, boolean binary) {}

    private final LoopShard shard;
    private final RunLoop loop;
    private final Client client;
    private final long idleTimeoutNanos;
    private final boolean binary;
    /** Set on the first close, by either side; read by senders on any thread. */
    private volatile boolean closed;
    private CloseReason closeReason;

    // Shard-confined.
    private Session session;
    private boolean reading = true;
    private final ArrayDeque<Unread> unread = new ArrayDeque<>();
    private long lastActivity;
    private TimerTask idleTimer;

    /**
     * @param supportsBinary false makes a text-only connection (binary frames dropped, as long-poll does)
     */
    public LoopTransport(LoopShard shard, RunLoop loop, Client client, java.time.Duration idleTimeout,
                         boolean supportsBinary) {
        this.shard = Objects.requireNonNull(shard, "shard");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.client = Objects.requireNonNull(client, "client");
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.binary = supportsBinary;
    }

    /** Binds the session this transport serves and starts the idle clock; on the shard. */
    public void attach(Session session) {
        this.session = Objects.requireNonNull(session, "session");
        lastActivity = loop.nanoTime();
        armIdleTimer();
    }

    // ---- the client's side; called by the kit on the loop's driver ----

    /** The client sends one frame; it is read in a task of the shard. */
    public void clientSends(byte[] data, boolean binaryFrame) {
        shard.execute(() -> read(new Unread(data, binaryFrame)));
    }

    /** The client goes away (closes its socket, or the network drops it); reported to the session on the shard. */
    public void clientCloses() {
        shard.execute(() -> {
            if (markClosed(null)) {
                ended();
            }
        });
    }

    public boolean isClosed() {
        return closed;
    }

    /** Why the server closed the connection, or null (open, or closed by the client). */
    public synchronized CloseReason closeReason() {
        return closeReason;
    }

    // ---- Transport ----

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public void send(EncodedFrame frame) {
        deliver(frame, false);
    }

    @Override
    public void sendShared(EncodedFrame frame) {
        deliver(frame, true);
    }

    @Override
    public void close(CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (markClosed(reason)) {
            client.closedByServer(reason);
            shard.execute(this::ended);
        }
    }

    @Override
    public void setReading(boolean on) {
        reading = on;
        if (on && !unread.isEmpty()) {
            // Reading resumes in a later turn of the loop, as a socket becomes readable again.
            shard.execute(this::readUnread);
        }
    }

    @Override
    public boolean supportsBinary() {
        return binary;
    }

    // ----

    private void deliver(EncodedFrame frame, boolean shared) {
        if (closed || (frame.binary() && !binary)) {
            return;
        }
        client.received(frame, shared);
    }

    private synchronized boolean markClosed(CloseReason reason) {
        if (closed) {
            return false;
        }
        closed = true;
        closeReason = reason;
        return true;
    }

    private void ended() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        unread.clear();
        if (session != null) {
            session.transportClosed();
        }
    }

    private void read(Unread frame) {
        if (closed) {
            return;
        }
        lastActivity = loop.nanoTime();
        unread.add(frame);
        readUnread();
    }

    private void readUnread() {
        while (reading && !closed && !unread.isEmpty()) {
            Unread next = unread.poll();
            session.receive(next.data(), next.binary());
        }
    }

    private void armIdleTimer() {
        // Due just after the timeout: the connection is idle once strictly more time has passed.
        long due = lastActivity + idleTimeoutNanos + 1 - loop.nanoTime();
        idleTimer = loop.schedule(shard, this::checkIdle, due, 0);
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        if (loop.nanoTime() - lastActivity > idleTimeoutNanos) {
            close(CloseReason.IDLE_TIMEOUT);
        } else {
            armIdleTimer();
        }
    }
}
