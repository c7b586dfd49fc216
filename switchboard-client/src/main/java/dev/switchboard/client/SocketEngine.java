package dev.switchboard.client;

import dev.switchboard.client.exec.ClientThreads;
import dev.switchboard.client.exec.RetryTimer;
import dev.switchboard.client.exec.SerialExecutor;
import dev.switchboard.client.transport.EndpointUrls;
import dev.switchboard.client.transport.TransportContext;
import dev.switchboard.client.transport.TransportFactory;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.client.transport.Transports;
import dev.switchboard.protocol.ClientSerializer;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The state machine behind a {@link Socket}: the connection lifecycle (connect, open, close,
 * reconnect with backoff, heartbeat, long-poll fallback), the send buffer, refs, reply matching
 * and routing of frames to channels. Everything here runs on the socket's loop (a
 * {@link SerialExecutor} over the shared loop pool), so none of it needs locks; other threads only
 * enter through {@link #onLoop}. Application code never runs here: it is handed to the callback
 * executor.
 */
final class SocketEngine {
    private final SocketOptions options;
    private final ClientSerializer serializer;
    private final SerialExecutor loop;
    private final SerialExecutor callbacks;
    private final ScheduledExecutorService timers;
    private final TransportFactory transports;
    private final Heartbeat heartbeat;
    private final RetryTimer reconnectTimer;
    private final Fallback fallback;
    private final Callbacks<Void> opens = new Callbacks<>();
    private final Callbacks<CloseInfo> closes = new Callbacks<>();
    private final Callbacks<Throwable> errors = new Callbacks<>();
    private final Callbacks<Frame> messages = new Callbacks<>();
    private final Callbacks<ConnectionState> stateChanges = new Callbacks<>();
    private volatile ConnectionState state = ConnectionState.CLOSED;
    private volatile TransportKind transportKind;

    // Confined to the loop.
    private final List<Channel> channels = new ArrayList<>();
    private final Map<String, Push> awaitingReply = new HashMap<>();
    private final Pings pings = new Pings();
    private final SendBuffer sendBuffer = new SendBuffer();
    private final List<GuardedFuture<Void>> openWaiters = new ArrayList<>();
    private Connection connection;
    private boolean closeWasClean = true;
    private Duration reconnectHint;
    private long ref;

    SocketEngine(SocketOptions options, TransportFactory transports) {
        this.options = Objects.requireNonNull(options, "options");
        this.serializer = ClientSerializer.of(options.vsn());
        this.loop = new SerialExecutor(ClientThreads.loops(), (task, e) ->
                Callbacks.LOG.log(Level.ERROR, "internal error in the client's state machine", e));
        this.callbacks = new SerialExecutor(options.callbackExecutor(), (task, e) ->
                Callbacks.LOG.log(Level.WARNING, "application callback threw", e));
        this.timers = ClientThreads.timers();
        this.transports = transports != null ? transports : new Transports(new TransportContext(options.httpClient(),
                loop, options.connectTimeout(), options.longPollTimeout(), options.maxMessageBytes(),
                options.vsn() == dev.switchboard.protocol.WireFormat.V2));
        this.transportKind = options.transport();
        this.heartbeat = new Heartbeat(this, options.heartbeatInterval());
        this.reconnectTimer = new RetryTimer(timers, loop,
                attempt -> options.reconnectBackoff().delay(attempt, reconnectHint), this::connectNow);
        this.fallback = options.longPollFallback() != null && options.transport() == TransportKind.WEBSOCKET
                ? new Fallback(this, options.longPollFallback()) : null;
    }

    SocketOptions options() {
        return options;
    }

    ConnectionState state() {
        return state;
    }

    TransportKind transportKind() {
        return transportKind;
    }

    Callbacks<Void> opens() {
        return opens;
    }

    Callbacks<CloseInfo> closes() {
        return closes;
    }

    Callbacks<Throwable> errors() {
        return errors;
    }

    Callbacks<Frame> messages() {
        return messages;
    }

    Callbacks<ConnectionState> stateChanges() {
        return stateChanges;
    }

    /** {@code connect()}: completes {@code opened} when a connection opens. */
    void connect(GuardedFuture<Void> opened) {
        if (connection != null && connection.open) {
            complete(opened, null);
            return;
        }
        openWaiters.add(opened);
        connectNow();
    }

    /** {@code ping()}: completes {@code rtt} with the heartbeat round trip. */
    void ping(GuardedFuture<Duration> rtt) {
        if (!isOpenNow()) {
            fail(rtt, new IllegalStateException("not connected"));
            return;
        }
        String pingRef = internalPing(d -> complete(rtt, d),
                () -> fail(rtt, new IllegalStateException("the connection closed before the heartbeat reply")));
        schedule(options.timeout(), () -> {
            if (pings.forget(pingRef)) {
                fail(rtt, new TimeoutException("no heartbeat reply within " + options.timeout()));
            }
        });
    }

    void add(Channel channel) {
        channels.add(channel);
    }

    // ---------------------------------------------------------------------------------------------
    // plumbing shared with channels, pushes, heartbeat and fallback (all on the loop unless noted)

    /** Runs on the state machine's thread (any thread may call this). */
    void onLoop(Runnable task) {
        loop.execute(task);
    }

    SerialExecutor loop() {
        return loop;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    /** Runs application code on the callback thread (any thread may call this). */
    void callback(Runnable task) {
        callbacks.execute(task);
    }

    <T> GuardedFuture<T> newFuture() {
        return new GuardedFuture<>(callbacks);
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        callbacks.execute(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable failure) {
        callbacks.execute(() -> future.completeExceptionally(failure));
    }

    /** Runs {@code task} on the loop after {@code delay}. */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timers.schedule(() -> loop.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    String makeRef() {
        ref = ref == Long.MAX_VALUE ? 1 : ref + 1;
        return Long.toString(ref);
    }

    boolean isOpenNow() {
        return connection != null && connection.open;
    }

    boolean uses(Connection c) {
        return connection == c && c.open;
    }

    void expectReply(String replyRef, Push push) {
        awaitingReply.put(replyRef, push);
    }

    void forgetReply(String replyRef, Push push) {
        awaitingReply.remove(replyRef, push);
    }

    /**
     * Sends a channel's message now, or keeps it until the connection opens (then it goes out
     * unless its channel has moved on to another join or closed meanwhile).
     *
     * @throws dev.switchboard.protocol.EncodeException when the message cannot be encoded
     */
    void push(Message message, Channel channel) {
        EncodedFrame frame = serializer.encode(message);
        if (isOpenNow()) {
            connection.transport.send(frame);
        } else {
            sendBuffer.add(message, frame, channel);
        }
    }

    /** Sends a socket-level message if connected (heartbeats). */
    void sendNow(Message message) {
        if (isOpenNow()) {
            connection.transport.send(serializer.encode(message));
        }
    }

    /**
     * Sends a heartbeat whose reply calls {@code onReply} with the round trip, or {@code onLost}
     * when the connection ends first; returns its ref.
     */
    String internalPing(Consumer<Duration> onReply, Runnable onLost) {
        String pingRef = makeRef();
        pings.add(pingRef, onReply, onLost);
        sendNow(new Message(null, Ref.of(pingRef), Protocol.PHOENIX_TOPIC, Protocol.HEARTBEAT, Payload.empty()));
        return pingRef;
    }

    void remove(Channel channel) {
        channels.remove(channel);
    }

    /** phoenix.js: before (re)joining, another channel object on the same topic that is joined or joining leaves. */
    void leaveOpenTopic(String topic, Channel joining) {
        for (Channel other : List.copyOf(channels)) {
            if (other != joining && other.topic().equals(topic) && other.isActive()) {
                other.leaveNow(newFuture());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // connection lifecycle (loop)

    private void connectNow() {
        closeWasClean = false;
        if (connection != null) {
            return; // the current connection is kept, open or still opening
        }
        if (fallback != null && transportKind == TransportKind.WEBSOCKET) {
            fallback.connect();
        } else {
            transportConnect();
        }
    }

    void transportConnect() {
        TransportKind kind = transportKind;
        Connection c = new Connection(this, kind, serializer);
        String token;
        URI url;
        try {
            Map<String, ?> params = options.params().get();
            token = options.authToken() == null ? null : options.authToken().get();
            String ws = EndpointUrls.websocket(options.endpoint(), params == null ? Map.of() : params, options.vsnParam());
            url = URI.create(kind == TransportKind.LONGPOLL ? EndpointUrls.longPoll(ws) : ws);
        } catch (RuntimeException e) {
            // The params or token supplier failed (or built a bad URL): report it and retry later.
            IllegalStateException error = new IllegalStateException("could not build the connect URL: " + e.getMessage(), e);
            callback(() -> errors.deliver(error, "socket error"));
            if (!closeWasClean) {
                scheduleReconnect(new CloseInfo(1006, "connect params failed", true));
            }
            return;
        }
        connection = c;
        enter(ConnectionState.CONNECTING);
        c.transport = transports.open(kind, url, token, c);
        if (kind == TransportKind.WEBSOCKET) {
            // The JDK bounds the handshake with connectTimeout already; this also covers a stuck TCP connect.
            c.openDeadline = schedule(options.connectTimeout().plusSeconds(1), () -> {
                if (connection == c && !c.open) {
                    errored(c, new TimeoutException("WebSocket did not open within " + options.connectTimeout()));
                    drop(c, new CloseInfo(1006, "open timeout", true), "connection_error");
                }
            });
        }
    }

    void opened(Connection c) {
        if (connection != c) {
            c.transport.abort();
            return;
        }
        c.open = true;
        cancel(c.openDeadline);
        enter(ConnectionState.OPEN);
        transportKind = c.kind;
        sendBuffer.flush(c.transport);
        reconnectTimer.reset();
        if (c.kind == TransportKind.WEBSOCKET) {
            heartbeat.start(c);
        }
        callback(() -> opens.deliver(null, "socket open"));
        List<GuardedFuture<Void>> waiting = new ArrayList<>(openWaiters);
        openWaiters.clear();
        waiting.forEach(f -> complete(f, null));
        for (Channel channel : List.copyOf(channels)) {
            channel.socketOpened();
        }
        if (fallback != null) {
            fallback.opened(c);
        }
    }

    void received(Connection c, Frame frame) {
        if (!uses(c)) {
            return;
        }
        if (frame instanceof Reply reply) {
            String replyRef = Ref.valueOf(reply.ref());
            heartbeat.replied(replyRef);
            pings.replied(replyRef);
            Push push = replyRef == null ? null : awaitingReply.get(replyRef);
            if (push != null && push.topic().equals(reply.topic())) {
                push.replied(reply);
            }
        } else {
            Message message = (Message) frame;
            for (Channel channel : List.copyOf(channels)) {
                if (channel.isMember(message.topic(), message.joinRef())) {
                    channel.received(message);
                }
            }
        }
        if (!messages.isEmpty()) {
            callback(() -> messages.deliver(frame, "message"));
        }
    }

    void undecodable(Connection c, ProtocolException error) {
        if (!uses(c)) {
            return;
        }
        Callbacks.LOG.log(Level.WARNING, error.getMessage());
        callback(() -> errors.deliver(error, "socket error"));
        drop(c, new CloseInfo(1006, "undecodable frame", true), "connection_error");
    }

    void heartbeatTimedOut(Connection c) {
        if (connection != c) {
            return;
        }
        Callbacks.LOG.log(Level.DEBUG, "heartbeat timeout; reconnecting");
        drop(c, new CloseInfo(1000, "heartbeat timeout", true), "heartbeat_timeout");
    }

    void errored(Connection c, Throwable cause) {
        if (connection != c) {
            return;
        }
        Callbacks.LOG.log(Level.DEBUG, "connection error: " + cause);
        callback(() -> errors.deliver(cause, "socket error"));
        for (Channel channel : List.copyOf(channels)) {
            channel.socketErrored();
        }
        if (fallback != null && fallback.errored()) {
            return; // the long-poll connection carries the buffered joins now
        }
        triggerChannelErrors(c, "connection_error");
    }

    void closed(Connection c, int code, String reason) {
        if (connection != c) {
            return;
        }
        end(c);
        triggerChannelErrors(c, "connection_closed");
        CloseInfo info = new CloseInfo(code, reason, false);
        if (!closeWasClean) {
            scheduleReconnect(info);
        }
        callback(() -> closes.deliver(info, "socket close"));
    }

    /** This client ends a connection it no longer trusts, and reconnects. */
    private void drop(Connection c, CloseInfo info, String channelReason) {
        c.closing = true;
        if (c.transport != null) {
            c.transport.abort();
        }
        end(c);
        triggerChannelErrors(c, channelReason);
        if (!closeWasClean) {
            scheduleReconnect(info);
        }
        callback(() -> closes.deliver(info, "socket close"));
    }

    private void scheduleReconnect(CloseInfo info) {
        // A draining server names a window to spread its clients over; the next delay honours it.
        reconnectHint = info.reconnectHint().orElse(null);
        reconnectTimer.schedule();
    }

    void replaceTransport(TransportKind kind) {
        reconnectTimer.reset();
        transportKind = kind;
        Connection c = connection;
        if (c != null) {
            c.closing = true;
            c.transport.abort();
            boolean wasOpen = c.open;
            end(c);
            if (wasOpen) {
                triggerChannelErrors(c, "connection_closed");
            }
        }
    }

    void disconnectNow() {
        closeWasClean = true;
        if (fallback != null) {
            fallback.cancel();
        }
        reconnectTimer.reset();
        List<GuardedFuture<Void>> waiting = new ArrayList<>(openWaiters);
        openWaiters.clear();
        waiting.forEach(f -> fail(f, new IllegalStateException("disconnected before the connection opened")));
        Connection c = connection;
        if (c == null) {
            return;
        }
        c.closing = true;
        c.transport.close(1000, "");
        boolean wasOpen = c.open;
        end(c);
        if (wasOpen) {
            triggerChannelErrors(c, "connection_closed");
        }
        CloseInfo info = new CloseInfo(1000, "", true);
        callback(() -> closes.deliver(info, "socket close"));
    }

    /** Forgets the connection: no heartbeat, no pings, state CLOSED. */
    private void end(Connection c) {
        if (connection == c) {
            connection = null;
        }
        cancel(c.openDeadline);
        heartbeat.stop();
        pings.connectionEnded();
        enter(ConnectionState.CLOSED);
    }

    /** Moves to {@code next} and tells the state listeners (in order with the other socket callbacks). */
    private void enter(ConnectionState next) {
        if (state == next) {
            return;
        }
        state = next;
        if (!stateChanges.isEmpty()) {
            callback(() -> stateChanges.deliver(next, "connection state"));
        }
    }

    private void triggerChannelErrors(Connection c, String reason) {
        if (c.channelsErrored) {
            return;
        }
        c.channelsErrored = true;
        for (Channel channel : List.copyOf(channels)) {
            channel.transportError(reason);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
