package dev.switchboard.client;

import dev.switchboard.client.transport.TransportFactory;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.protocol.Frame;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A connection to a Phoenix Channels server (Switchboard, Phoenix, anything that speaks the
 * protocol), kept open: it reconnects with jittered backoff, sends heartbeats and drops a
 * connection whose heartbeat goes unanswered, rejoins its {@link Channel channels}, and can fall
 * back from WebSocket to long-poll. Create one with {@link SocketOptions#builder(String)}, then
 * {@link #connect()}.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li><b>Every method is thread-safe and non-blocking.</b> Methods hand their work to the
 *       socket's state machine and return; nothing waits for the network. Results arrive through
 *       futures and callbacks.</li>
 *   <li><b>Callbacks run on the socket's callback thread, one at a time, in event order.</b> This
 *       covers socket callbacks ({@link #onOpen}, {@link #onClose}, {@link #onError},
 *       {@link #onMessage}), channel handlers ({@code on}, {@code onJoin}, {@code onError},
 *       {@code onClose}), presence callbacks, and the completion of every future this client
 *       returns (so {@code thenAccept} stages added before completion run there too). Two
 *       callbacks of one socket never run at the same time, so handler state needs no locks; a
 *       channel's messages arrive in the order the server sent them, and a reply completes its
 *       future in order with the messages around it. Callbacks of different sockets run in
 *       parallel.</li>
 *   <li><b>A callback may block; it delays only later callbacks of the same socket.</b> Frames
 *       keep being read, heartbeats answered and timeouts fired on separate internal threads
 *       (messages queue in memory meanwhile). The callback thread is a virtual thread on JDK 21
 *       and later, else a thread of a shared pool of daemon threads; or the executor given as
 *       {@link SocketOptions#callbackExecutor()}, still one callback at a time.</li>
 *   <li><b>Do not wait for a future of the same socket inside a callback</b>: it completes on that
 *       very thread. Such a {@code get()} or {@code join()} throws {@link IllegalStateException}
 *       rather than deadlock; chain with {@code thenAccept}/{@code thenCompose}.</li>
 * </ul>
 *
 * <p>The shared threads behind all sockets are described in
 * {@link dev.switchboard.client.exec.ClientThreads}.
 */
public final class Socket implements AutoCloseable {
    private final SocketEngine engine;

    /** A socket with these options; call {@link #connect()} to open it. */
    public Socket(SocketOptions options) {
        this(options, null);
    }

    /** With another transport implementation (tests drive recorded frames through one). */
    Socket(SocketOptions options, TransportFactory transports) {
        this.engine = new SocketEngine(options, transports);
    }

    /** A socket for an endpoint such as {@code ws://localhost:4000/socket} with default options. */
    public static Socket create(String endpoint) {
        return new Socket(SocketOptions.builder(endpoint).build());
    }

    public SocketOptions options() {
        return engine.options();
    }

    /**
     * Starts connecting (and keeps reconnecting until {@link #disconnect()}). The future completes
     * when the connection next opens; it may never complete if the server stays unreachable, so
     * wait for it with a timeout. Calling it while connected or connecting changes nothing.
     */
    public CompletableFuture<Void> connect() {
        GuardedFuture<Void> opened = engine.newFuture();
        engine.onLoop(() -> engine.connect(opened));
        return opened;
    }

    /**
     * Closes the connection and stops reconnecting. Channels stay and rejoin on the next
     * {@link #connect()}; futures of {@code connect()} still waiting fail.
     */
    public void disconnect() {
        engine.onLoop(engine::disconnectNow);
    }

    /** The same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
    }

    /** A channel for a topic with default options. Call {@link Channel#join()} to join it. */
    public Channel channel(String topic) {
        return channel(topic, ChannelOptions.DEFAULTS);
    }

    /** A channel for a topic. Call {@link Channel#join()} to join it. */
    public Channel channel(String topic, ChannelOptions options) {
        Channel channel = new Channel(this, engine, topic, options);
        engine.onLoop(() -> engine.add(channel));
        return channel;
    }

    public ConnectionState state() {
        return engine.state();
    }

    public boolean isConnected() {
        return engine.state() == ConnectionState.OPEN;
    }

    /** The transport in use, or the one the next connect will use (long-poll after a fallback). */
    public TransportKind transport() {
        return engine.transportKind();
    }

    /** Sends a heartbeat and completes with the round trip time; fails when not connected or after the timeout. */
    public CompletableFuture<Duration> ping() {
        GuardedFuture<Duration> rtt = engine.newFuture();
        engine.onLoop(() -> engine.ping(rtt));
        return rtt;
    }

    /** Called each time a connection opens. */
    public Subscription onOpen(Runnable handler) {
        Objects.requireNonNull(handler, "handler");
        return engine.opens().add(ignored -> handler.run());
    }

    /** Called each time a connection ends, whoever ended it. */
    public Subscription onClose(Consumer<CloseInfo> handler) {
        return engine.closes().add(handler);
    }

    /**
     * Called on connection errors: a refused upgrade ({@link dev.switchboard.client.transport.TransportException}
     * with the HTTP status), a network failure, an undecodable frame ({@link ProtocolException}).
     * A close follows, then a reconnect with backoff.
     */
    public Subscription onError(Consumer<Throwable> handler) {
        return engine.errors().add(handler);
    }

    /**
     * Called on every change of {@link #state()}: {@code CONNECTING} when an attempt starts,
     * {@code OPEN} when it opens, {@code CLOSED} when the connection ends or the attempt fails
     * (also while waiting to reconnect). Runs in order with the other callbacks: {@code OPEN}
     * before the {@link #onOpen} handlers, {@code CLOSED} before the {@link #onClose} handlers.
     */
    public Subscription onStateChange(Consumer<ConnectionState> handler) {
        return engine.stateChanges().add(handler);
    }

    /** Called with every frame received (replies included), for diagnostics and tests. */
    public Subscription onMessage(Consumer<Frame> handler) {
        return engine.messages().add(handler);
    }

    @Override
    public String toString() {
        return "Socket[" + engine.options().endpoint() + ", " + engine.state() + ", " + engine.transportKind() + "]";
    }
}
