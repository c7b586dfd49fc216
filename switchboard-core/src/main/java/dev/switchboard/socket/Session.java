package dev.switchboard.socket;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.Router;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.EncodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.pubsub.Delivery;
import dev.switchboard.pubsub.Subscriber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's protocol state: its joined channels and the rules of the protocol
 * (spec §3). Lives on the transport's shard: every method except {@link #send} must be called
 * on that thread, so the state needs no locks.
 *
 * <p>Joins are head-of-line: while a join callback runs, later messages from the client wait
 * (and the transport stops reading), exactly as a Phoenix socket handles joins synchronously.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final Payload UNMATCHED_TOPIC = reason(Protocol.REASON_UNMATCHED_TOPIC);
    private static final Payload TOO_MANY_CHANNELS = reason(Protocol.REASON_TOO_MANY_CHANNELS);
    private static final Payload JOIN_CRASHED = reason(Protocol.REASON_JOIN_CRASHED);
    private static final Payload JOIN_RATE = reason(Protocol.REASON_JOIN_RATE);

    private final Endpoint endpoint;
    private final SocketDefinition socket;
    private final Serializer serializer;
    private final Transport transport;
    private final Shard shard;
    private final Map<String, Object> assigns;
    private final String id;
    private final Subscriber idSubscriber;
    private final HashMap<String, ChannelInstance> channels = new HashMap<>(4);

    private ArrayDeque<Message> pending;
    private boolean joinInFlight;
    /** Join token bucket (see {@link SocketOptions#maxJoinsPerSecond()}); starts full. */
    private double joinTokens = -1;
    private long joinTokensAt;
    private boolean readingPaused;
    private boolean pumping;
    private volatile boolean closed;

    Session(Endpoint endpoint, SocketDefinition socket, Serializer serializer, Transport transport,
            ConnectResult.Accepted accepted) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.serializer = serializer;
        this.transport = transport;
        this.shard = transport.shard();
        this.assigns = accepted.assigns();
        this.id = accepted.id();
        if (id != null) {
            idSubscriber = new DisconnectListener();
            endpoint.pubsub().subscribe(id, idSubscriber);
        } else {
            idSubscriber = null;
        }
    }

    /** The socket id given at connect, or null. */
    public String id() {
        return id;
    }

    public Serializer serializer() {
        return serializer;
    }

    /** Number of live channels (joined or joining). */
    public int channelCount() {
        return channels.size();
    }

    /** True once the connection is gone; no more frames are handled or sent. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Decodes and handles one client message. An undecodable message closes the connection with
     * 1011 and a reason naming the problem (Phoenix treats these as fatal, spec §3.10).
     */
    public void receive(byte[] data, boolean binary) {
        if (closed) {
            return;
        }
        Message message;
        try {
            message = serializer.decode(data, binary);
        } catch (DecodeException e) {
            log.debug("Closing connection after an undecodable message: {}", e.getMessage());
            close(CloseReason.invalidMessage(e.getMessage()));
            transportClosed(); // fatal now: frames already read behind this one must not be handled
            return;
        }
        receive(message);
    }

    /** Handles one decoded client message. */
    public void receive(Message message) {
        if (closed) {
            return;
        }
        if (joinInFlight || pumping || (pending != null && !pending.isEmpty())) {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(message);
            if (!pumping && !joinInFlight) {
                pump();
            }
            return;
        }
        pumping = true;
        try {
            handle(message);
        } finally {
            pumping = false;
        }
        pump();
    }

    /** The transport is gone: every channel terminates, nothing more is sent. Idempotent. */
    public void transportClosed() {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        if (idSubscriber != null) {
            endpoint.pubsub().unsubscribe(id, idSubscriber);
        }
        for (ChannelInstance instance : new ArrayList<>(channels.values())) {
            endpoint.pubsub().unsubscribe(instance.topic(), instance);
            instance.terminate(TerminateReason.CONNECTION_CLOSED);
        }
        channels.clear();
    }

    /** Closes the connection; the transport then reports {@link #transportClosed()}. */
    public void close(CloseReason reason) {
        transport.close(reason);
    }

    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            Message next;
            while (!joinInFlight && !closed && pending != null && (next = pending.poll()) != null) {
                handle(next);
            }
        } finally {
            pumping = false;
        }
    }

    private void handle(Message m) {
        switch (m.event()) {
            case Protocol.HEARTBEAT -> {
                if (Protocol.PHOENIX_TOPIC.equals(m.topic())) {
                    send(new Reply(null, m.ref(), Protocol.PHOENIX_TOPIC, Protocol.STATUS_OK, Payload.empty()));
                } else {
                    handleEvent(m);
                }
            }
            case Protocol.JOIN -> handleJoin(m);
            case Protocol.LEAVE -> handleLeave(m);
            default -> handleEvent(m);
        }
    }

    private void handleJoin(Message m) {
        String topic = m.topic();
        if (!takeJoinToken()) {
            // Before anything else: a refused join leaves an existing channel on the topic alone.
            log.debug("Join of {} refused: over {} joins/s (limit maxJoinsPerSecond)", topic,
                    socket.options().maxJoinsPerSecond());
            send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, JOIN_RATE));
            return;
        }
        ChannelInstance replaced = channels.remove(topic);
        if (replaced != null) {
            // Duplicate join: the old instance stops receiving now, terminates before the new
            // join runs, and its phx_close follows the new join's reply (spec §3.3).
            endpoint.pubsub().unsubscribe(topic, replaced);
        }
        Router.Route route = socket.router().match(topic);
        if (route == null) {
            send(new Reply(null, m.ref(), topic, Protocol.STATUS_ERROR, UNMATCHED_TOPIC));
            endReplaced(replaced);
            return;
        }
        if (channels.size() >= socket.options().maxChannels()) {
            log.debug("Join of {} refused: {} channels already joined (limit maxChannels)", topic, channels.size());
            send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, TOO_MANY_CHANNELS));
            endReplaced(replaced);
            return;
        }
        ChannelInstance instance;
        try {
            Channel channel = Objects.requireNonNull(route.factory().get(), "channel factory returned null");
            instance = new ChannelInstance(this, topic, m.joinRef(), channel, route.execution());
        } catch (RuntimeException e) {
            log.error("Creating the channel for {} failed", topic, e);
            send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, JOIN_CRASHED));
            endReplaced(replaced);
            return;
        }
        channels.put(topic, instance);
        joinInFlight = true;
        if (replaced != null) {
            replaced.terminate(TerminateReason.REJOINED, () -> instance.join(m, replaced));
        } else {
            instance.join(m, null);
        }
        if (joinInFlight) {
            // The join runs elsewhere (a worker): hold back the client's next frames until it is done.
            // Event-loop channels complete inline and never pay for toggling reads.
            readingPaused = true;
            transport.setReading(false);
        }
    }

    private void endReplaced(ChannelInstance replaced) {
        if (replaced != null) {
            replaced.terminate(TerminateReason.REJOINED);
            sendClose(replaced);
        }
    }

    /** Called on the shard when a channel's join callback has finished. */
    void joinCompleted(ChannelInstance instance, Message join, JoinResult result, Throwable crash,
                       ChannelInstance replaced) {
        joinInFlight = false;
        if (closed) {
            if (result instanceof JoinResult.Ok) {
                instance.terminate(TerminateReason.CONNECTION_CLOSED);
            }
            return;
        }
        if (readingPaused) {
            readingPaused = false;
            transport.setReading(true);
        }
        if (result instanceof JoinResult.Ok ok && channels.get(instance.topic()) == instance) {
            // Subscribe before the reply is written: a broadcast published after the client saw
            // its join reply must reach it. Both happen in this one shard task, so no broadcast
            // can be written between them and the reply stays the first frame of the join.
            endpoint.pubsub().subscribe(instance.topic(), instance);
            instance.joined(new Reply(join.joinRef(), join.ref(), instance.topic(), Protocol.STATUS_OK, ok.response()));
        } else {
            channels.remove(instance.topic(), instance);
            Payload response = result instanceof JoinResult.Error error ? error.response() : JOIN_CRASHED;
            if (crash != null) {
                log.error("Join of {} crashed", instance.topic(), crash);
            }
            send(new Reply(join.joinRef(), join.ref(), instance.topic(), Protocol.STATUS_ERROR, response));
        }
        sendClose(replaced);
        pump();
    }

    private void handleLeave(Message m) {
        ChannelInstance instance = channels.get(m.topic());
        if (instance == null) {
            send(new Reply(m.joinRef(), m.ref(), m.topic(), Protocol.STATUS_OK, Payload.empty()));
            return;
        }
        if (isStale(m.joinRef(), instance)) {
            return;
        }
        channels.remove(m.topic());
        endpoint.pubsub().unsubscribe(m.topic(), instance);
        instance.leave(m.ref());
    }

    private void handleEvent(Message m) {
        ChannelInstance instance = channels.get(m.topic());
        if (instance == null) {
            send(new Reply(null, m.ref(), m.topic(), Protocol.STATUS_ERROR, UNMATCHED_TOPIC));
            return;
        }
        if (isStale(m.joinRef(), instance)) {
            log.debug("Dropping {} on {}: stale join_ref {}", m.event(), m.topic(), m.joinRef());
            return;
        }
        instance.handleIn(m);
    }

    /** A message for an older instance of a channel is dropped; a null join_ref is accepted. */
    private static boolean isStale(Ref joinRef, ChannelInstance instance) {
        return joinRef != null && !joinRef.equals(instance.joinRef());
    }

    /**
     * Called on the shard when a channel stopped or crashed: it is removed before its
     * {@code phx_close}/{@code phx_error} is written, so no broadcast follows that frame.
     */
    void channelEnded(ChannelInstance instance, String event, Payload payload) {
        if (channels.remove(instance.topic(), instance)) {
            endpoint.pubsub().unsubscribe(instance.topic(), instance);
        }
        send(new Message(instance.joinRef(), instance.joinRef(), instance.topic(), event, payload));
    }

    private void sendClose(ChannelInstance replaced) {
        if (replaced != null) {
            send(new Message(replaced.joinRef(), replaced.joinRef(), replaced.topic(), Protocol.CLOSE, Payload.empty()));
        }
    }

    /** Encodes and sends one frame to this client. Thread-safe. */
    void send(Frame frame) {
        if (closed) {
            return;
        }
        EncodedFrame encoded;
        try {
            encoded = serializer.encode(frame);
        } catch (EncodeException e) {
            log.warn("Cannot send {} on {} to a {} client: {}", describe(frame), frame.topic(), serializer.format(), e.getMessage());
            return;
        }
        sendEncoded(encoded, frame, false);
    }

    /** Sends a frame shared with other subscribers (already encoded for this session's format). */
    void sendShared(EncodedFrame encoded, Delivery delivery) {
        if (!closed) {
            sendEncoded(encoded, delivery.broadcast(), true);
        }
    }

    private void sendEncoded(EncodedFrame encoded, Frame frame, boolean shared) {
        if (encoded.binary() && !transport.supportsBinary()) {
            log.warn("Dropping binary {} on {}: this transport carries text only", describe(frame), frame.topic());
            return;
        }
        if (shared) {
            transport.sendShared(encoded);
        } else {
            transport.send(encoded);
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Shard shard() {
        return shard;
    }

    Map<String, Object> assigns() {
        return assigns;
    }

    private static String describe(Frame frame) {
        if (frame instanceof Message m) {
            return m.event();
        }
        if (frame instanceof Reply r) {
            return "reply " + r.status();
        }
        return ((dev.switchboard.protocol.Broadcast) frame).event();
    }

    private static Payload reason(String reason) {
        return Payload.json(Map.of("reason", reason));
    }

    /** Closes this connection when the application disconnects its socket id (spec §3.9). */
    /** Token bucket refilled at maxJoinsPerSecond, holding at most joinBurst tokens. */
    private boolean takeJoinToken() {
        SocketOptions options = socket.options();
        long now = System.nanoTime();
        if (joinTokens < 0) {
            joinTokens = options.joinBurst();
        } else {
            double refill = (now - joinTokensAt) / 1e9 * options.maxJoinsPerSecond();
            joinTokens = Math.min(options.joinBurst(), joinTokens + refill);
        }
        joinTokensAt = now;
        if (joinTokens < 1) {
            return false;
        }
        joinTokens -= 1;
        return true;
    }

    private final class DisconnectListener implements Subscriber {
        @Override
        public Shard shard() {
            return shard;
        }

        @Override
        public void deliver(Delivery delivery) {
            if (Endpoint.DISCONNECT_EVENT.equals(delivery.broadcast().event())) {
                close(CloseReason.DISCONNECT);
            }
        }
    }
}
