package dev.switchboard.socket;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.ReplyRef;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.exec.Mailbox;
import dev.switchboard.presence.ChannelPresence;
import dev.switchboard.presence.Presence;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import dev.switchboard.pubsub.Interceptor;
import dev.switchboard.pubsub.Subscription;
import dev.switchboard.pubsub.Variant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One joined (or joining) channel of one connection: the user's {@link Channel}, its mailbox,
 * its assigns, and its {@link Subscription}. Every user callback runs through the mailbox, one at
 * a time; the session's bookkeeping (which channels are live, which topics are subscribed) stays
 * on the shard and is told of joins and ends through {@link ChannelLifecycle}.
 *
 * <p>Plain broadcasts never pass through here: the subscription sends them straight to the
 * transport. Only intercepted events come back, to {@link #intercept}, for {@code handleOut}.
 */
final class ChannelInstance implements ChannelContext, Interceptor {
    private static final Logger log = LoggerFactory.getLogger(ChannelInstance.class);
    private static final Payload CRASH = Payload.json(Map.of("reason", Protocol.REASON_CHANNEL_CRASH));

    // Immutable after construction: read from any thread.
    private final Connection connection;
    private final ChannelLifecycle lifecycle;
    private final String topic;
    private final Ref joinRef;
    private final Channel channel;
    private final Mailbox mailbox;
    private final Subscription subscription;
    private final RecoverRequest recovery;

    // Guarded by this: the state races with pushes and replies from arbitrary threads.
    private ChannelState state = ChannelState.JOINING;
    private List<Message> heldPushes;
    /** Created on first {@link #presence()}; closed (everything untracked) when the instance ends. */
    private ChannelPresence presence;

    // Mailbox-confined: only the channel's own callbacks touch these.
    private Map<String, Object> assigns;
    private ReplyRef current;

    /** @param recovery what the join asked to recover, or null: then it is a plain subscriber */
    ChannelInstance(Connection connection, ChannelLifecycle lifecycle, String topic, Ref joinRef, Channel channel,
                    Execution execution, RecoverRequest recovery) {
        this.connection = connection;
        this.lifecycle = lifecycle;
        this.topic = topic;
        this.joinRef = joinRef;
        this.channel = channel;
        this.mailbox = execution == Execution.EVENT_LOOP
                ? Mailbox.onShard(connection.shard())
                : Mailbox.serial(connection.endpoint().workers());
        this.recovery = recovery != null && recovery.positioned() ? recovery : null;
        this.subscription = Subscription.of(topic, connection.transport(), connection.serializer(),
                this.recovery != null ? Variant.POSITIONED : Variant.PLAIN, channel.intercepts(), this);
        this.assigns = connection.assigns();
    }

    /** What this instance is subscribed as once joined; {@code broadcastFrom} excludes it. */
    Subscription subscription() {
        return subscription;
    }

    Ref joinRef() {
        return joinRef;
    }

    // ---- lifecycle, driven by the session ----

    void join(Message join, ChannelInstance replaced) {
        mailbox.submit(() -> {
            JoinResult result;
            Throwable crash = null;
            try {
                result = channel.join(topic, join.payload(), this);
                if (result == null) {
                    throw new IllegalStateException("join returned null");
                }
                Payload response = result instanceof JoinResult.Ok ok ? ok.response() : ((JoinResult.Error) result).response();
                if (!isObject(response)) {
                    // Phoenix requires a map here; a reply that cannot be encoded would leave the
                    // client waiting for a reply that never comes.
                    throw new IllegalStateException("join response must be a JSON object, got: " + response);
                }
            } catch (Throwable t) {
                result = null;
                crash = t;
            }
            JoinResult outcome = result;
            Throwable failure = crash;
            if (!(outcome instanceof JoinResult.Ok)) {
                end();
            }
            connection.shard().run(() -> lifecycle.joinCompleted(this, join, outcome, failure, replaced));
        });
    }

    /**
     * Called on the shard with the join reply: writes it. Pushes stay held until {@link #open()}, so
     * a recovering join can write its replay between the two. False when the instance has ended.
     */
    synchronized boolean sendJoinReply(Reply reply) {
        if (state != ChannelState.JOINING) {
            return false;
        }
        connection.send(reply);
        return true;
    }

    /** The join is complete: writes the pushes made since it began, and lets later ones straight through. */
    synchronized void open() {
        if (state != ChannelState.JOINING) {
            return;
        }
        state = ChannelState.JOINED;
        if (heldPushes != null) {
            for (Message push : heldPushes) {
                connection.send(push);
            }
            heldPushes = null;
        }
    }

    /** The recovery the join asked for, or null (then it receives Phoenix's plain frames). */
    RecoverRequest recovery() {
        return recovery;
    }

    void handleIn(Message m) {
        mailbox.submit(() -> {
            if (isEnded()) {
                return;
            }
            current = new ReplyRef(joinRef, m.ref(), topic);
            HandleResult result;
            try {
                result = channel.handleIn(m.event(), m.payload(), this);
            } catch (Throwable t) {
                log.error("Channel {} crashed handling {}", topic, m.event(), t);
                crash();
                return;
            } finally {
                current = null;
            }
            if (result instanceof HandleResult.Reply reply && !isObject(reply.response())) {
                log.error("Channel {} replied to {} with a non-object response {}; a reply must be a JSON object or binary",
                        topic, m.event(), reply.response());
                crash();
            } else if (result instanceof HandleResult.Reply reply) {
                sendReply(m.ref(), reply);
            } else if (result instanceof HandleResult.Stop stop) {
                if (stop.reply() != null) {
                    sendReply(m.ref(), stop.reply());
                }
                stop(TerminateReason.STOPPED, Protocol.CLOSE, Payload.empty());
            }
        });
    }

    /** The client left: reply ok, terminate, then {@code phx_close} (spec §3.7). */
    void leave(Ref ref) {
        mailbox.submit(() -> {
            connection.send(new Reply(joinRef, ref, topic, Protocol.STATUS_OK, Payload.empty()));
            if (runTerminate(TerminateReason.LEFT)) {
                connection.send(new Message(joinRef, joinRef, topic, Protocol.CLOSE, Payload.empty()));
            }
        });
    }

    /** Ends the instance without telling the client (connection closed, replaced by a rejoin). */
    void terminate(TerminateReason reason) {
        mailbox.submit(() -> runTerminate(reason));
    }

    /** Ends the instance, then runs {@code then} (the join that replaces it). */
    void terminate(TerminateReason reason, Runnable then) {
        mailbox.submit(() -> {
            runTerminate(reason);
            then.run();
        });
    }

    private void crash() {
        stop(TerminateReason.CRASHED, Protocol.ERROR, CRASH);
    }

    private void stop(TerminateReason reason, String event, Payload payload) {
        if (runTerminate(reason)) {
            connection.shard().run(() -> lifecycle.channelEnded(this, event, payload));
        }
    }

    /** Runs {@link Channel#terminate} once; false when the instance had already ended. */
    private boolean runTerminate(TerminateReason reason) {
        if (!end()) {
            return false;
        }
        try {
            channel.terminate(reason, this);
        } catch (Throwable t) {
            log.warn("terminate of channel {} threw", topic, t);
        }
        return true;
    }

    /**
     * Marks the instance ended; every way an instance ends (leave, stop, crash, rejoin, refused or
     * crashed join, connection closed) passes here, so this is where its presences are untracked.
     */
    private boolean end() {
        ChannelPresence tracked;
        synchronized (this) {
            if (state == ChannelState.ENDED) {
                return false;
            }
            state = ChannelState.ENDED;
            heldPushes = null;
            tracked = presence;
        }
        if (tracked != null) {
            tracked.close();
        }
        return true;
    }

    private synchronized boolean isEnded() {
        return state == ChannelState.ENDED;
    }

    /** Replies carry an object or binary; any other JSON value cannot go on the wire. */
    private static boolean isObject(Payload payload) {
        return !(payload instanceof JsonPayload json) || json.isObject();
    }

    private void sendReply(Ref ref, HandleResult.Reply reply) {
        if (!isEnded()) {
            connection.send(new Reply(joinRef, ref, topic, reply.status(), reply.response()));
        }
    }

    // ---- Interceptor: intercepted broadcasts arrive here on the shard ----

    @Override
    public void intercept(Broadcast b) {
        mailbox.submit(() -> {
            if (isEnded()) {
                return;
            }
            try {
                channel.handleOut(b.event(), b.payload(), this);
            } catch (Throwable t) {
                log.error("Channel {} crashed in handleOut of {}", topic, b.event(), t);
                crash();
            }
        });
    }

    // ---- ChannelContext ----

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public String socketId() {
        return connection.socketId();
    }

    @Override
    public Map<String, Object> assigns() {
        return assigns;
    }

    @Override
    public void assign(String key, Object value) {
        if (!(assigns instanceof HashMap)) {
            assigns = new HashMap<>(assigns); // copy-on-first-write: idle channels share the socket's map
        }
        assigns.put(key, value);
    }

    @Override
    public void push(String event, Object payload) {
        Message push = new Message(joinRef, null, topic, event, Payloads.of(payload));
        synchronized (this) {
            if (state == ChannelState.ENDED) {
                return;
            }
            if (state == ChannelState.JOINING) {
                if (heldPushes == null) {
                    heldPushes = new ArrayList<>(2);
                }
                heldPushes.add(push);
                return;
            }
        }
        connection.send(push);
    }

    @Override
    public CompletionStage<Position> broadcast(String event, Object payload) {
        return broadcast(topic, event, payload);
    }

    @Override
    public CompletionStage<Position> broadcastFrom(String event, Object payload) {
        return connection.endpoint().pubsub().publish(new Broadcast(topic, event, Payloads.of(payload)), subscription);
    }

    @Override
    public CompletionStage<Position> broadcast(String topic, String event, Object payload) {
        return connection.endpoint().pubsub().publish(new Broadcast(topic, event, Payloads.of(payload)));
    }

    @Override
    public void stop() {
        afterJoinReply(() -> stop(TerminateReason.STOPPED, Protocol.CLOSE, Payload.empty()));
    }

    @Override
    public void crash(String reason) {
        afterJoinReply(() -> {
            if (!isEnded()) {
                log.warn("Channel {} crashed: {}", topic, reason);
                crash();
            }
        });
    }

    /**
     * Runs {@code task} in the mailbox after the join's outcome has been written. A stop or crash
     * requested during {@code join} (work that ended at once) must not overtake the join reply,
     * which the shard writes after the join callback returns: queueing behind the join in the
     * mailbox, then behind the reply on the shard, then in the mailbox again keeps that order.
     */
    private void afterJoinReply(Runnable task) {
        mailbox.submit(() -> connection.shard().run(() -> mailbox.submit(task)));
    }

    @Override
    public Presence presence() {
        ChannelPresence p;
        boolean ended;
        synchronized (this) {
            if (presence == null) {
                presence = connection.endpoint().presence().forChannel(topic, this::push);
            }
            p = presence;
            ended = state == ChannelState.ENDED;
        }
        if (ended) {
            p.close(); // created after the end: refuses tracks from now on
        }
        return p;
    }

    @Override
    public ReplyRef replyRef() {
        if (current == null) {
            throw new IllegalStateException("replyRef() is only available while handling a client message");
        }
        return current;
    }

    @Override
    public void reply(ReplyRef ref, String status, Object response) {
        if (!isEnded()) {
            connection.send(new Reply(ref.joinRef(), ref.ref(), ref.topic(), status, Payloads.of(response)));
        }
    }
}
