package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.presence.Presence;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A test client's channel on one topic, as phoenix.js's {@code Channel}: join it, push to it, leave
 * it, and assert what arrives on it. Frames belong to the channel when they are on its topic and
 * carry its current {@code join_ref} (or none, as broadcasts).
 *
 * <p>Assertions take the oldest matching frame not yet asserted and wait up to
 * {@link TesterOptions#assertTimeout()} (virtual time) for it; refutations watch for
 * {@link TesterOptions#refuteTimeout()}. Expected payloads are JSON text, maps, records, Jackson
 * nodes, bytes (binary), or a {@link PayloadMatch}.
 */
public final class ClientChannel {
    private enum State { NEW, JOINING, JOINED, ERRORED, CLOSED }

    private final ClientSocket socket;
    private final Environment env;
    private final String topic;
    private final Payload params;
    /** The join params carried the reserved {@code recover} key: the channel receives positions. */
    private final boolean positioned;
    private final TopicObserver observer;
    private final ClientPresence presence = new ClientPresence();

    // Guarded by this: frames arrive on whatever thread the server sends from.
    private State state = State.NEW;
    private String joinRef;
    private ReceivedFrame joinReply;
    private Position lastPosition;

    ClientChannel(ClientSocket socket, Environment env, String topic, Payload params) {
        this.socket = socket;
        this.env = env;
        this.topic = requireTopic(topic);
        this.params = params;
        this.positioned = params instanceof JsonPayload json && json.isObject() && json.object().has("recover");
        this.observer = new TopicObserver(env, socket.node(), topic);
    }

    public String topic() {
        return topic;
    }

    public ClientSocket socket() {
        return socket;
    }

    /** The {@code join_ref} of the latest join, or null before the first. */
    public synchronized String joinRef() {
        return joinRef;
    }

    /** The reply to the latest join, once it arrived, or null. */
    public synchronized ReceivedFrame joinReply() {
        return joinReply;
    }

    /** True when the latest join was accepted and the channel has not been left, closed or crashed since. */
    public synchronized boolean isJoined() {
        return state == State.JOINED;
    }

    // ---- sending ----

    /** Sends {@code phx_join} with the channel's params; the returned push carries the join reply. */
    public Push join() {
        return sendJoin(params);
    }

    /** Pushes {@code event} with an empty payload. */
    public Push push(String event) {
        return push(event, null);
    }

    /**
     * Pushes {@code event} to the channel, as {@code channel.push(event, payload)} in phoenix.js.
     *
     * @param payload a map, a record, JSON text, a Jackson node, or bytes (sent as a V2 binary frame)
     */
    public Push push(String event, Object payload) {
        String ref = socket.nextRef();
        socket.sendFrame(joinRef(), ref, topic, requireEvent(event), JsonCompare.payload(payload));
        return new Push(this, socket, env, topic, event, ref);
    }

    /**
     * Sends {@code phx_leave}. The server replies {@code ok} (on the returned push) and then
     * sends {@code phx_close} ({@link #assertClosed()}).
     */
    public Push leave() {
        String ref = socket.nextRef();
        synchronized (this) {
            state = State.CLOSED;
        }
        socket.sendFrame(joinRef(), ref, topic, Protocol.LEAVE, Payload.empty());
        return new Push(this, socket, env, topic, Protocol.LEAVE, ref);
    }

    // ---- what the client receives on this channel ----

    /** Takes the next message with {@code event} sent to this client on the channel (push, broadcast or replay), whatever its payload. */
    public ReceivedFrame assertPush(String event) {
        return assertPush(event, PayloadMatch.any());
    }

    /** Takes the next message with {@code event} and this payload (exactly, as JSON) sent to this client on the channel. */
    public ReceivedFrame assertPush(String event, Object payload) {
        return assertPush(event, PayloadMatch.of(payload));
    }

    /**
     * Takes the next message with {@code event} matching {@code match} that this client received
     * on the channel: a push to it, a broadcast it was sent, or a replayed message. As Phoenix's
     * {@code assert_push}.
     */
    public ReceivedFrame assertPush(String event, PayloadMatch match) {
        return take(message(event), match, "message \"" + event + "\" " + match);
    }

    /** Takes the next message with {@code event} replayed after a recovering join (its position in {@code ref}). */
    public ReceivedFrame assertReplay(String event, Object payload) {
        PayloadMatch match = PayloadMatch.of(payload);
        return take(f -> belongs(f) && f.kind() == ReceivedFrame.Kind.REPLAY && f.event().equals(event), match,
                "replayed message \"" + event + "\" " + match);
    }

    /** Fails if a message with {@code event} reaches this client on the channel within the refute window. */
    public void refutePush(String event) {
        refutePush(event, PayloadMatch.any());
    }

    /** Fails if a message with {@code event} and this payload reaches this client on the channel within the refute window. */
    public void refutePush(String event, Object payload) {
        PayloadMatch match = PayloadMatch.of(payload);
        refute(f -> message(event).test(f) && match.mismatch(f) == null, "message \"" + event + "\" " + match);
    }

    /** Takes the next broadcast with {@code event} published on the topic, delivered to this client or not. */
    public ReceivedFrame assertBroadcast(String event) {
        return observer.assertBroadcast(event);
    }

    /**
     * Takes the next broadcast with {@code event} and this payload published on the topic since the
     * handle was made — whoever sent it, whether or not it reached this client (an intercepting
     * channel may have filtered it). As Phoenix's {@code assert_broadcast}.
     */
    public ReceivedFrame assertBroadcast(String event, Object payload) {
        return observer.assertBroadcast(event, payload);
    }

    public void refuteBroadcast(String event) {
        observer.refuteBroadcast(event);
    }

    public void refuteBroadcast(String event, Object payload) {
        observer.refuteBroadcast(event, payload);
    }

    /** Takes {@code phx_close} of the current join: the channel stopped, or it was left. */
    public ReceivedFrame assertClosed() {
        return take(control(Protocol.CLOSE), PayloadMatch.any(), "phx_close");
    }

    /** Takes {@code phx_error} of the current join, {@code {"reason":"channel_crash"}}: a callback threw. */
    public ReceivedFrame assertCrashed() {
        return take(control(Protocol.ERROR), PayloadMatch.exactly(java.util.Map.of("reason", Protocol.REASON_CHANNEL_CRASH)),
                "phx_error");
    }

    /** Takes every frame of the channel not yet asserted, oldest first: for tests that check an exact sequence. */
    public List<ReceivedFrame> drain() {
        env.drive(() -> { });
        return socket.inbox().takeAll(topic, this::belongs);
    }

    // ---- presence ----

    /** The presences this client sees on the topic, built from its presence_state and presence_diffs as phoenix.js does. */
    public ClientPresence presence() {
        return presence;
    }

    /** Takes the next {@code presence_state} pushed to this client, whatever it holds. */
    public ReceivedFrame assertPresenceState() {
        return assertPush(Presence.STATE_EVENT);
    }

    /** Takes the next {@code presence_state} pushed to this client and asserts exactly these keys are present. */
    public ReceivedFrame assertPresenceState(Set<String> keys) {
        Set<String> expected = new TreeSet<>(keys);
        return assertPush(Presence.STATE_EVENT, PayloadMatch.matching("keys " + expected,
                p -> keys(p).equals(expected)));
    }

    /** Takes the next {@code presence_diff}, whatever it holds. */
    public ReceivedFrame assertPresenceDiff() {
        return assertPush(Presence.DIFF_EVENT);
    }

    /** Takes the next {@code presence_diff} and asserts exactly these keys joined and these left. */
    public ReceivedFrame assertPresenceDiff(Set<String> joins, Set<String> leaves) {
        Set<String> j = new TreeSet<>(joins);
        Set<String> l = new TreeSet<>(leaves);
        return assertPush(Presence.DIFF_EVENT, PayloadMatch.matching("joins " + j + ", leaves " + l,
                p -> keys(p.path("joins")).equals(j) && keys(p.path("leaves")).equals(l)));
    }

    /**
     * Waits until this client's view of the presences ({@link #presence()}) holds exactly these
     * keys: the state and diffs it needs may still be on their way (diffs are batched).
     */
    public void assertPresence(String... keys) {
        Set<String> expected = new TreeSet<>(Arrays.asList(keys));
        Boolean ok = env.await(() -> new TreeSet<>(presence.keys()).equals(expected) ? Boolean.TRUE : null,
                env.options.assertTimeout());
        if (ok == null) {
            throw Failures.withFrames(socket, topic, "expected to see the presences " + expected + " within "
                    + Failures.time(env.options.assertTimeout()) + ", but it sees " + new TreeSet<>(presence.keys())
                    + (presence.synced() ? "." : " and has had no presence_state since its join (phoenix.js applies no diff before it)."),
                    f -> null, env);
        }
    }

    // ---- recovery ----

    /** What the latest join reply said about recovery ({@code recover} in the join params), or null. */
    public Recovery recovery() {
        ReceivedFrame reply = joinReply();
        return reply == null ? null : Recovery.of(reply.response());
    }

    /**
     * The position of the last positioned message this channel received (replayed or live), or
     * the latest join reply's position when none has come since; null without positions. What a
     * rejoin asks to recover from.
     */
    public synchronized Position lastPosition() {
        return lastPosition;
    }

    // ---- for the kit ----

    /** A frame of this topic arrived (any thread): follows the join, positions and presence. */
    void observe(ReceivedFrame f) {
        synchronized (this) {
            if (f.kind() == ReceivedFrame.Kind.REPLY && joinRef != null && joinRef.equals(f.ref())
                    && state == State.JOINING) {
                joinAnswered(f);
                return;
            }
            if (!belongs(f)) {
                return;
            }
            Position p = f.position();
            if (p != null) {
                lastPosition = p;
            }
            if (f.kind() == ReceivedFrame.Kind.CONTROL && f.joinRef() != null && f.joinRef().equals(joinRef)) {
                state = f.isChannelError() ? State.ERRORED : State.CLOSED;
            }
        }
        if (f.event().equals(Presence.STATE_EVENT) || f.event().equals(Presence.DIFF_EVENT)) {
            presence.apply(f, joinRef());
        }
    }

    private void joinAnswered(ReceivedFrame reply) {
        joinReply = reply;
        boolean ok = Protocol.STATUS_OK.equals(reply.status());
        state = ok ? State.JOINED : State.ERRORED;
        Recovery recovery = ok ? Recovery.of(reply.response()) : null;
        if (recovery != null && recovery.position() != null && (!recovery.recovered() || lastPosition == null)) {
            lastPosition = recovery.position();
        }
    }

    /** Channels that were joined (or joining, or crashed) rejoin when their socket reconnects; left or closed ones do not. */
    synchronized boolean rejoinsAfterReconnect() {
        return state == State.JOINED || state == State.JOINING || state == State.ERRORED;
    }

    /** Joins again with the channel's params, recovering from the last position when it asked for positions. */
    Push rejoin() {
        Payload p = params;
        Position from = lastPosition();
        if (positioned) {
            ObjectNode withPosition = ((JsonPayload) params).object().deepCopy();
            if (from != null) {
                withPosition.put("recover", from.toString());
            }
            p = Payload.json(withPosition);
        }
        return sendJoin(p);
    }

    boolean belongs(ReceivedFrame f) {
        if (!f.topic().equals(topic)) {
            return false;
        }
        String current = joinRef();
        return f.joinRef() == null || current == null || f.joinRef().equals(current);
    }

    private Push sendJoin(Payload joinParams) {
        String ref = socket.nextRef();
        synchronized (this) {
            joinRef = ref;
            state = State.JOINING;
        }
        presence.reset();
        socket.sendFrame(ref, ref, topic, Protocol.JOIN, joinParams);
        return new Push(this, socket, env, topic, Protocol.JOIN, ref);
    }

    private Predicate<ReceivedFrame> message(String event) {
        requireEvent(event);
        return f -> belongs(f) && f.isMessage() && f.event().equals(event);
    }

    private Predicate<ReceivedFrame> control(String event) {
        return f -> belongs(f) && f.kind() == ReceivedFrame.Kind.CONTROL && f.event().equals(event);
    }

    private ReceivedFrame take(Predicate<ReceivedFrame> kind, PayloadMatch match, String expected) {
        ReceivedFrame f = socket.awaitTake(topic, frame -> kind.test(frame) && match.mismatch(frame) == null);
        if (f == null) {
            throw Failures.missing(socket, topic, expected, frame -> kind.test(frame) ? match.mismatch(frame) : null, env);
        }
        return f;
    }

    private void refute(Predicate<ReceivedFrame> match, String refuted) {
        env.settle(env.options.refuteTimeout());
        ReceivedFrame f = socket.inbox().peek(topic, match);
        if (f != null) {
            throw Failures.unexpected(socket, refuted, f, env);
        }
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String requireTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("a topic must be a non-empty string");
        }
        return topic;
    }

    private static String requireEvent(String event) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("an event must be a non-empty string");
        }
        return event;
    }

    @Override
    public String toString() {
        return socket.name() + " on " + topic;
    }
}
