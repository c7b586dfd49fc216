package dev.switchboard.socket;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.Router;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.pubsub.PubSub;
import dev.switchboard.pubsub.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's protocol state: its joined channels and the rules of the protocol
 * (spec §3) — heartbeats, joins (head-of-line, see {@link InboundQueue}), duplicate joins, leaves,
 * stale join_refs, channel ends. Lives on the transport's shard: every method must be called on
 * that thread, so the state needs no locks.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final Payload UNMATCHED_TOPIC = reason(Protocol.REASON_UNMATCHED_TOPIC);
    private static final Payload TOO_MANY_CHANNELS = reason(Protocol.REASON_TOO_MANY_CHANNELS);
    private static final Payload JOIN_CRASHED = reason(Protocol.REASON_JOIN_CRASHED);
    private static final Payload JOIN_RATE = reason(Protocol.REASON_JOIN_RATE);
    private static final Payload DRAINING = reason(Protocol.REASON_DRAINING);

    // Immutable; the connection itself is safe to share with the channels' threads.
    private final Connection connection;
    private final PubSub pubsub;
    private final Lifecycle lifecycle = new Lifecycle();
    private final JoinRecovery recovery;
    /** Listens on the socket id's topic for the app's disconnect; null without a socket id. */
    private final Subscription idListener;

    // Shard-confined: the protocol state.
    private final TopicTable<ChannelInstance> channels = new TopicTable<>();
    private final InboundQueue inbound = new InboundQueue(this::handle);
    private final JoinRateLimiter joinRate;
    private boolean readingPaused;

    Session(Connection connection) {
        this.connection = connection;
        this.pubsub = connection.endpoint().pubsub();
        this.recovery = new JoinRecovery(connection);
        this.joinRate = new JoinRateLimiter();
        String id = connection.socketId();
        if (id != null) {
            idListener = Subscription.listener(id, connection.shard(), broadcast -> {
                if (Endpoint.DISCONNECT_EVENT.equals(broadcast.event())) {
                    close(CloseReason.DISCONNECT);
                }
            });
            pubsub.subscribe(idListener);
        } else {
            idListener = null;
        }
    }

    /** The socket id given at connect, or null. */
    public String id() {
        return connection.socketId();
    }

    public Serializer serializer() {
        return connection.serializer();
    }

    /** Number of live channels (joined or joining). */
    public int channelCount() {
        return channels.size();
    }

    /** True once the connection is gone; no more frames are handled or sent. */
    public boolean isClosed() {
        return connection.isClosed();
    }

    /**
     * Decodes and handles one client message. An undecodable message closes the connection with
     * 1011 and a reason naming the problem (Phoenix treats these as fatal, spec §3.10).
     */
    public void receive(byte[] data, boolean binary) {
        if (connection.isClosed()) {
            return;
        }
        Message message;
        try {
            message = connection.serializer().decode(data, binary);
        } catch (DecodeException e) {
            log.debug("Closing connection after an undecodable message: {}", e.getMessage());
            close(CloseReason.invalidMessage(e.getMessage()));
            transportClosed(); // fatal now: frames already read behind this one must not be handled
            return;
        }
        connection.endpoint().traffic().received();
        inbound.offer(message);
    }

    /** Handles one decoded client message. */
    public void receive(Message message) {
        connection.endpoint().traffic().received();
        inbound.offer(message);
    }

    /** True when a live channel (joined or joining) has {@code topic}; call on the shard. */
    public boolean hasChannel(String topic) {
        return channels.containsKey(topic);
    }

    /** The topics of the live channels (joined or joining), as a copy; call on the shard. */
    public List<String> topics() {
        return channels.topics();
    }

    /** The transport is gone: every channel terminates, nothing more is sent. Idempotent. */
    public void transportClosed() {
        if (connection.isClosed()) {
            return;
        }
        connection.markClosed();
        inbound.close();
        if (idListener != null) {
            pubsub.unsubscribe(idListener);
        }
        for (ChannelInstance instance : channels.values()) {
            pubsub.unsubscribe(instance.subscription());
            instance.terminate(TerminateReason.CONNECTION_CLOSED);
        }
        channels.clear();
    }

    /** Closes the connection; the transport then reports {@link #transportClosed()}. */
    public void close(CloseReason reason) {
        connection.transport().close(reason);
    }

    private void handle(Message m) {
        if (connection.isClosed()) {
            return;
        }
        switch (m.event()) {
            case Protocol.HEARTBEAT -> {
                if (Protocol.PHOENIX_TOPIC.equals(m.topic())) {
                    connection.send(new Reply(null, m.ref(), Protocol.PHOENIX_TOPIC, Protocol.STATUS_OK, Payload.empty()));
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
        SocketOptions options = connection.socket().options();
        if (connection.endpoint().isDraining()) {
            // Before anything else, like the rate limit: an existing channel on the topic stays.
            log.debug("Join of {} refused: the server is draining", topic);
            connection.send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, DRAINING));
            return;
        }
        if (!joinRate.tryAcquire(connection.endpoint().ticker().nanoTime(), options)) {
            // Before anything else: a refused join leaves an existing channel on the topic alone.
            log.debug("Join of {} refused: over {} joins/s (limit maxJoinsPerSecond)", topic, options.maxJoinsPerSecond());
            connection.send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, JOIN_RATE));
            return;
        }
        ChannelInstance replaced = channels.remove(topic);
        if (replaced != null) {
            // Duplicate join: the old instance stops receiving now, terminates before the new
            // join runs, and its phx_close follows the new join's reply (spec §3.3).
            pubsub.unsubscribe(replaced.subscription());
        }
        Router.Route route = connection.socket().router().match(topic);
        if (route == null) {
            connection.send(new Reply(null, m.ref(), topic, Protocol.STATUS_ERROR, UNMATCHED_TOPIC));
            endReplaced(replaced);
            return;
        }
        if (channels.size() >= options.maxChannels()) {
            log.debug("Join of {} refused: {} channels already joined (limit maxChannels)", topic, channels.size());
            connection.send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, TOO_MANY_CHANNELS));
            endReplaced(replaced);
            return;
        }
        RecoverRequest recover = RecoverRequest.parse(m.payload());
        Message join = recover == null ? m : new Message(m.joinRef(), m.ref(), topic, m.event(), recover.appParams());
        ChannelInstance instance;
        try {
            Channel channel = Objects.requireNonNull(route.factory().get(), "channel factory returned null");
            instance = new ChannelInstance(connection, lifecycle, topic, m.joinRef(), channel, route.execution(),
                    recover);
        } catch (RuntimeException e) {
            log.error("Creating the channel for {} failed", topic, e);
            connection.send(new Reply(m.joinRef(), m.ref(), topic, Protocol.STATUS_ERROR, JOIN_CRASHED));
            endReplaced(replaced);
            return;
        }
        channels.put(topic, instance);
        inbound.hold();
        if (replaced != null) {
            replaced.terminate(TerminateReason.REJOINED, () -> instance.join(join, replaced));
        } else {
            instance.join(join, null);
        }
        if (inbound.isHeld()) {
            // The join runs elsewhere (a worker): hold back the client's next frames until it is done.
            // Event-loop channels complete inline and never pay for toggling reads.
            readingPaused = true;
            connection.transport().setReading(false);
        }
    }

    private void endReplaced(ChannelInstance replaced) {
        if (replaced != null) {
            replaced.terminate(TerminateReason.REJOINED);
            sendClose(replaced);
        }
    }

    private void handleLeave(Message m) {
        ChannelInstance instance = channels.get(m.topic());
        if (instance == null) {
            connection.send(new Reply(m.joinRef(), m.ref(), m.topic(), Protocol.STATUS_OK, Payload.empty()));
            return;
        }
        if (isStale(m.joinRef(), instance)) {
            return;
        }
        channels.remove(m.topic());
        pubsub.unsubscribe(instance.subscription());
        instance.leave(m.ref());
    }

    private void handleEvent(Message m) {
        ChannelInstance instance = channels.get(m.topic());
        if (instance == null) {
            connection.send(new Reply(null, m.ref(), m.topic(), Protocol.STATUS_ERROR, UNMATCHED_TOPIC));
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

    private void sendClose(ChannelInstance replaced) {
        if (replaced != null) {
            connection.send(new Message(replaced.joinRef(), replaced.joinRef(), replaced.topic(), Protocol.CLOSE,
                    Payload.empty()));
        }
    }

    private static Payload reason(String reason) {
        return Payload.json(Map.of("reason", reason));
    }

    /** A recovering join's calls back into the bookkeeping; on the shard. */
    private final class RecoverySteps implements JoinRecovery.Steps {
        private final ChannelInstance replaced;

        RecoverySteps(ChannelInstance replaced) {
            this.replaced = replaced;
        }

        @Override
        public boolean current(ChannelInstance instance) {
            return !connection.isClosed() && channels.get(instance.topic()) == instance;
        }

        @Override
        public void answered(ChannelInstance instance) {
            sendClose(replaced);
        }

        @Override
        public void refused(ChannelInstance instance, Message join, Payload reason) {
            channels.remove(instance.topic(), instance);
            instance.terminate(TerminateReason.JOIN_FAILED);
            connection.send(new Reply(join.joinRef(), join.ref(), instance.topic(), Protocol.STATUS_ERROR, reason));
            sendClose(replaced);
            inbound.release();
        }

        @Override
        public void done() {
            inbound.release();
        }
    }

    /** The channels' side of the bookkeeping; runs on the shard. */
    private final class Lifecycle implements ChannelLifecycle {

        @Override
        public void joinCompleted(ChannelInstance instance, Message join, JoinResult result, Throwable crash,
                                  ChannelInstance replaced) {
            if (connection.isClosed()) {
                if (result instanceof JoinResult.Ok) {
                    instance.terminate(TerminateReason.CONNECTION_CLOSED);
                }
                return;
            }
            if (readingPaused) {
                readingPaused = false;
                connection.transport().setReading(true);
            }
            if (result instanceof JoinResult.Ok ok && channels.get(instance.topic()) == instance) {
                connection.endpoint().traffic().joined();
                if (instance.recovery() != null) {
                    // The recovery answers the join, then releases the inbound queue.
                    recovery.start(instance, join, ok.response(), new RecoverySteps(replaced));
                    return;
                }
                // Subscribe before the reply is written: a broadcast published after the client saw
                // its join reply must reach it. Both happen in this one shard task, so no broadcast
                // can be written between them and the reply stays the first frame of the join.
                pubsub.subscribe(instance.subscription());
                instance.sendJoinReply(new Reply(join.joinRef(), join.ref(), instance.topic(), Protocol.STATUS_OK, ok.response()));
                instance.open();
            } else {
                channels.remove(instance.topic(), instance);
                Payload response = result instanceof JoinResult.Error error ? error.response() : JOIN_CRASHED;
                if (crash != null) {
                    log.error("Join of {} crashed", instance.topic(), crash);
                }
                connection.send(new Reply(join.joinRef(), join.ref(), instance.topic(), Protocol.STATUS_ERROR, response));
            }
            sendClose(replaced);
            inbound.release();
        }

        @Override
        public void channelEnded(ChannelInstance instance, String event, Payload payload) {
            // Removed before its phx_close/phx_error is written, so no broadcast follows that frame.
            if (channels.remove(instance.topic(), instance)) {
                pubsub.unsubscribe(instance.subscription());
            }
            connection.send(new Message(instance.joinRef(), instance.joinRef(), instance.topic(), event, payload));
        }
    }
}
