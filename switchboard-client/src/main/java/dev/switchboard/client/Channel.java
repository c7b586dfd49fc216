package dev.switchboard.client;

import dev.switchboard.client.exec.RetryTimer;
import dev.switchboard.client.recovery.JoinResponse;
import dev.switchboard.client.recovery.Position;
import dev.switchboard.client.recovery.PositionTracker;
import dev.switchboard.client.recovery.Recovery;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One topic joined over a {@link Socket}, with phoenix.js's semantics.
 *
 * <ul>
 *   <li>{@link #join()} may be called once. The channel then stays joined across reconnects: when
 *       the connection drops it errors and rejoins as soon as the socket is open again; when the
 *       server refuses the join, crashes the channel ({@code phx_error}) or does not answer, it
 *       rejoins after {@link SocketOptions#rejoinBackoff()} (1, 2, 5, then every 10 s), forever,
 *       until {@link #leave()}. Join params are evaluated again for every attempt.</li>
 *   <li>{@link #push} sends at once when joined; otherwise the push waits (in order) for the
 *       join. Either way its future completes within the timeout, with {@link Reply.Ok},
 *       {@link Reply.Error} or {@link Reply.Timeout}.</li>
 *   <li>{@link #leave()} closes the channel at once on this side (handlers stop, no rejoin) and
 *       tells the server; a server's {@code phx_close} does the same without the message.</li>
 *   <li>With {@link ChannelOptions#recover()} every join asks for the messages missed since the
 *       last one delivered, and each message is delivered once (see {@link #onJoin}).</li>
 * </ul>
 *
 * <p>All methods are thread-safe and return at once; handlers and futures run as
 * {@link Socket} describes.
 */
public final class Channel {
    private final Socket socket;
    private final SocketEngine engine;
    private final String topic;
    private final ChannelOptions options;
    private final Duration timeout;
    private final Bindings bindings = new Bindings();
    private final Callbacks<Reply> joins = new Callbacks<>();
    private final Callbacks<ChannelError> errors = new Callbacks<>();
    private final Callbacks<Void> closes = new Callbacks<>();
    private final PositionTracker positions;
    private final AtomicBoolean joinedOnce = new AtomicBoolean();
    private final RetryTimer rejoinTimer;
    private volatile ChannelState state = ChannelState.CLOSED;
    private volatile Recovery lastRecovery;

    // Confined to the socket's loop.
    private Push joinPush;
    private String joinRef;
    private final List<Push> pushBuffer = new ArrayList<>();
    private GuardedFuture<Reply> firstJoin;
    private ScheduledFuture<?> firstJoinDeadline;
    private boolean left;

    Channel(Socket socket, SocketEngine engine, String topic, ChannelOptions options) {
        this.socket = socket;
        this.engine = engine;
        this.topic = Objects.requireNonNull(topic, "topic");
        this.options = Objects.requireNonNull(options, "options");
        this.timeout = options.timeout() != null ? options.timeout() : engine.options().timeout();
        this.positions = options.recover() ? new PositionTracker() : null;
        Backoff rejoin = options.rejoinBackoff() != null ? options.rejoinBackoff() : engine.options().rejoinBackoff();
        this.rejoinTimer = new RetryTimer(engine.timers(), engine.loop(), rejoin::delay, () -> {
            if (engine.isOpenNow()) {
                rejoin();
            }
        });
    }

    public String topic() {
        return topic;
    }

    public ChannelState state() {
        return state;
    }

    public ChannelOptions options() {
        return options;
    }

    /** The socket this channel belongs to. */
    public Socket socket() {
        return socket;
    }

    SocketEngine engine() {
        return engine;
    }

    /**
     * Joins, once per channel object. The future completes with the first outcome: the server's
     * reply, or {@link Reply.Timeout} when none came within the timeout (also when the socket
     * never opened). After a refusal or timeout the channel keeps retrying; {@link #onJoin} sees
     * every outcome.
     *
     * @throws IllegalStateException when called a second time
     */
    public CompletableFuture<Reply> join() {
        if (!joinedOnce.compareAndSet(false, true)) {
            throw new IllegalStateException("join() can only be called once per channel (" + topic
                    + "); it rejoins by itself; create another channel to join again after leave()");
        }
        GuardedFuture<Reply> future = engine.newFuture();
        engine.onLoop(() -> {
            firstJoin = future;
            firstJoinDeadline = engine.schedule(timeout, () -> settleFirstJoin(new Reply.Timeout(timeout), null));
            rejoin();
        });
        return future;
    }

    /** Pushes an event with the channel's timeout. See {@link #push(String, Object, Duration)}. */
    public CompletableFuture<Reply> push(String event, Object payload) {
        return push(event, payload, timeout);
    }

    /**
     * Pushes an event. The payload may be a {@code byte[]} (a binary frame; V2 only), a
     * {@link Payload}, a Jackson tree, or anything Jackson writes (map, record, list); null is
     * {@code {}}. The future completes with the reply, or {@link Reply.Timeout} after
     * {@code timeout} counted from now; exceptionally when the message cannot be sent at all (a
     * binary payload over V1, a binary field over 255 bytes, a closed channel).
     *
     * @throws IllegalStateException    before {@link #join()}
     * @throws IllegalArgumentException when Jackson cannot write the payload
     */
    public CompletableFuture<Reply> push(String event, Object payload, Duration timeout) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timeout, "timeout");
        if (!joinedOnce.get()) {
            throw new IllegalStateException("push of '" + event + "' to " + topic + " before join(); join first");
        }
        Payload body = Payloads.of(payload);
        GuardedFuture<Reply> future = engine.newFuture();
        engine.onLoop(() -> pushNow(event, body, timeout, future));
        return future;
    }

    /**
     * Leaves: the channel closes here at once ({@link #onClose} runs, nothing more is delivered,
     * no rejoin) and the server is told. The future completes with the server's reply to the
     * leave, or at once with ok when not connected.
     */
    public CompletableFuture<Reply> leave() {
        GuardedFuture<Reply> future = engine.newFuture();
        engine.onLoop(() -> leaveNow(future));
        return future;
    }

    /** Handles an event; the handler gets the payload as a tree, bytes or a mapped type through {@link Incoming}. */
    public Subscription on(String event, Consumer<Incoming> handler) {
        return bindings.on(event, handler);
    }

    /**
     * Handles an event with its JSON payload bound to {@code type} by Jackson. A payload that does
     * not fit is logged (with the mapping error) and skipped.
     */
    public <T> Subscription on(String event, Class<T> type, Consumer<T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        return bindings.on(event, message -> handler.accept(message.as(type)));
    }

    /**
     * Called with the outcome of every join attempt: the first and each rejoin. For a channel with
     * {@code recover(true)}, {@link Reply.Ok#recovery()} says whether everything missed follows
     * ({@code recovered}) or why not ({@code reason}).
     */
    public Subscription onJoin(Consumer<Reply> handler) {
        return joins.add(handler);
    }

    /** Called when the channel errors: the server crashed it, or the connection was lost. It rejoins by itself. */
    public Subscription onError(Consumer<ChannelError> handler) {
        return errors.add(handler);
    }

    /** Called once when the channel closes: {@link #leave()} or the server's {@code phx_close}. */
    public Subscription onClose(Runnable handler) {
        Objects.requireNonNull(handler, "handler");
        return closes.add(ignored -> handler.run());
    }

    /** With {@code recover(true)}: the position of the last message delivered, which the next join hands back. */
    public Optional<String> lastPosition() {
        return positions == null ? Optional.empty() : positions.last().map(Position::toString);
    }

    /** With {@code recover(true)}: what the server said about recovery at the last join. */
    public Optional<Recovery> recovery() {
        return Optional.ofNullable(lastRecovery);
    }

    @Override
    public String toString() {
        return "Channel[" + topic + ", " + state + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // the state machine, on the socket's loop

    String joinRef() {
        return joinRef;
    }

    boolean isActive() {
        return state == ChannelState.JOINED || state == ChannelState.JOINING;
    }

    /** phoenix.js's {@code isMember}: same topic, and no join_ref or the current one. */
    boolean isMember(String frameTopic, Ref frameJoinRef) {
        if (!topic.equals(frameTopic)) {
            return false;
        }
        String ref = Ref.valueOf(frameJoinRef);
        return ref == null || ref.isEmpty() || ref.equals(joinRef);
    }

    void rejoin() {
        if (state == ChannelState.LEAVING || left) {
            return;
        }
        engine.leaveOpenTopic(topic, this);
        state = ChannelState.JOINING;
        if (joinPush != null) {
            joinPush.cancel();
        }
        Payload params;
        try {
            params = Payloads.joinParams(options.params().get(), options.recover(),
                    positions == null ? null : positions.joinParam());
        } catch (RuntimeException e) {
            joinPush = null;
            error(new ChannelError("client", "join params: " + e.getMessage(), Payload.empty()));
            settleFirstJoin(null, e);
            return;
        }
        joinPush = new Push(this, Protocol.JOIN, params, timeout, this::joinOutcome);
        joinPush.startTimeout();
        if (joinPush.send()) {
            joinRef = joinPush.ref();
        }
    }

    private void joinOutcome(Push push, Reply reply, Throwable failure) {
        if (push != joinPush) {
            return;
        }
        joinPush = null;
        if (failure != null) {
            error(new ChannelError("client", "join: " + failure.getMessage(), Payload.empty()));
            settleFirstJoin(null, failure);
            return;
        }
        if (reply instanceof Reply.Ok ok) {
            Reply.Ok result = ok;
            if (positions != null) {
                JoinResponse split = JoinResponse.split(ok.response());
                split.recovery().ifPresent(r -> {
                    positions.joined(r);
                    lastRecovery = r;
                });
                result = new Reply.Ok(split.response(), split.recovery());
            }
            state = ChannelState.JOINED;
            rejoinTimer.reset();
            announceJoin(result);
            List<Push> buffered = new ArrayList<>(pushBuffer);
            pushBuffer.clear();
            buffered.forEach(Push::send);
            return;
        }
        if (reply instanceof Reply.Timeout) {
            // As phoenix.js: tell the server to drop the join it may still process, then retry.
            Push leave = new Push(this, Protocol.LEAVE, Payload.empty(), timeout, (p, r, f) -> { });
            leave.startTimeout();
            leave.send();
            joinRef = null;
        }
        state = ChannelState.ERRORED;
        if (engine.isOpenNow()) {
            rejoinTimer.schedule();
        }
        announceJoin(reply);
    }

    private void announceJoin(Reply reply) {
        settleFirstJoin(reply, null);
        engine.callback(() -> joins.deliver(reply, "join of " + topic));
    }

    private void settleFirstJoin(Reply reply, Throwable failure) {
        GuardedFuture<Reply> future = firstJoin;
        if (future == null) {
            return;
        }
        firstJoin = null;
        if (firstJoinDeadline != null) {
            firstJoinDeadline.cancel(false);
        }
        if (failure != null) {
            engine.fail(future, failure);
        } else {
            engine.complete(future, reply);
        }
    }

    private void pushNow(String event, Payload payload, Duration timeout, GuardedFuture<Reply> future) {
        if (left) {
            engine.fail(future, new IllegalStateException("channel " + topic + " is closed; create a new channel"));
            return;
        }
        Push push = new Push(this, event, payload, timeout, (p, reply, failure) -> {
            pushBuffer.remove(p);
            if (failure != null) {
                engine.fail(future, failure);
            } else {
                engine.complete(future, reply);
            }
        });
        push.startTimeout();
        if (state == ChannelState.JOINED && engine.isOpenNow()) {
            push.send();
        } else {
            pushBuffer.add(push);
        }
    }

    /** {@link #leave()} on the loop. */
    void leaveNow(GuardedFuture<Reply> future) {
        if (left) {
            engine.complete(future, new Reply.Ok(Payload.empty()));
            return;
        }
        rejoinTimer.reset();
        state = ChannelState.LEAVING;
        boolean tellServer = engine.isOpenNow() && joinRef != null;
        if (tellServer) {
            Push leave = new Push(this, Protocol.LEAVE, Payload.empty(), timeout, (p, reply, failure) -> {
                if (failure != null) {
                    engine.fail(future, failure);
                } else {
                    engine.complete(future, reply);
                }
            });
            leave.startTimeout();
            leave.send();
        }
        close();
        if (!tellServer) {
            engine.complete(future, new Reply.Ok(Payload.empty()));
        }
    }

    /** A frame for this channel (not a reply: those are matched by ref). */
    void received(Message message) {
        switch (message.event()) {
            case Protocol.CLOSE -> close();
            case Protocol.ERROR -> error(new ChannelError("server",
                    message.payload().isBinary() ? "" : message.payload().json().path("reason").asText(""),
                    message.payload()));
            default -> {
                String ref = Ref.valueOf(message.ref());
                if (positions != null && !positions.accept(ref)) {
                    return; // already delivered: a replay overlapping live messages
                }
                String frameJoinRef = Ref.valueOf(message.joinRef());
                Incoming incoming = new Incoming(topic, message.event(), message.payload(), ref,
                        frameJoinRef == null || frameJoinRef.isEmpty() ? joinRef : frameJoinRef);
                engine.callback(() -> bindings.deliver(incoming));
            }
        }
    }

    /** The connection was lost or failed: error unless already errored, leaving or closed. */
    void transportError(String reason) {
        if (state == ChannelState.ERRORED || state == ChannelState.LEAVING || state == ChannelState.CLOSED) {
            return;
        }
        error(ChannelError.transport(reason));
    }

    void socketOpened() {
        rejoinTimer.reset();
        if (state == ChannelState.ERRORED) {
            rejoin();
        }
    }

    void socketErrored() {
        rejoinTimer.reset();
    }

    private void error(ChannelError error) {
        if (state == ChannelState.JOINING && joinPush != null) {
            joinPush.cancel();
            joinPush = null;
            joinRef = null;
        }
        state = ChannelState.ERRORED;
        if (engine.isOpenNow()) {
            rejoinTimer.schedule();
        }
        engine.callback(() -> errors.deliver(error, "error of " + topic));
    }

    private void close() {
        if (left) {
            return;
        }
        left = true;
        rejoinTimer.reset();
        state = ChannelState.CLOSED;
        if (joinPush != null) {
            joinPush.cancel();
            joinPush = null;
        }
        engine.remove(this);
        List<Push> buffered = new ArrayList<>(pushBuffer);
        pushBuffer.clear();
        buffered.forEach(p -> p.fail(new IllegalStateException("channel " + topic + " closed before the push could be sent")));
        settleFirstJoin(null, new IllegalStateException("channel " + topic + " closed before the join was answered"));
        engine.callback(() -> closes.deliver(null, "close of " + topic));
    }
}
