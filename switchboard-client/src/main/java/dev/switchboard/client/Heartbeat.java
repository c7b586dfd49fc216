package dev.switchboard.client;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * phoenix.js's heartbeat, on the socket's loop: a heartbeat goes out {@code interval} after the
 * connection opens and {@code interval} after each reply; a heartbeat that is not answered within
 * another {@code interval} means the connection is dead. Only over WebSocket (long-poll polls).
 */
final class Heartbeat {
    private final SocketEngine socket;
    private final Duration interval;
    private Connection connection;
    private ScheduledFuture<?> next;
    private ScheduledFuture<?> deadline;
    private String pendingRef;
    private long generation;

    Heartbeat(SocketEngine socket, Duration interval) {
        this.socket = socket;
        this.interval = interval;
    }

    void start(Connection c) {
        stop();
        connection = c;
        scheduleNext();
    }

    void stop() {
        generation++;
        cancel(next);
        cancel(deadline);
        next = null;
        deadline = null;
        pendingRef = null;
        connection = null;
    }

    /** A reply (or any frame) with this ref arrived. */
    void replied(String ref) {
        if (ref != null && ref.equals(pendingRef)) {
            pendingRef = null;
            cancel(deadline);
            scheduleNext();
        }
    }

    private void scheduleNext() {
        long mine = generation;
        next = socket.schedule(interval, () -> {
            if (mine == generation) {
                send();
            }
        });
    }

    private void send() {
        Connection c = connection;
        if (c == null || !socket.uses(c)) {
            return;
        }
        pendingRef = socket.makeRef();
        socket.sendNow(new Message(null, dev.switchboard.protocol.Ref.of(pendingRef), Protocol.PHOENIX_TOPIC,
                Protocol.HEARTBEAT, Payload.empty()));
        long mine = generation;
        deadline = socket.schedule(interval, () -> {
            if (mine == generation && pendingRef != null) {
                pendingRef = null;
                socket.heartbeatTimedOut(c);
            }
        });
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
