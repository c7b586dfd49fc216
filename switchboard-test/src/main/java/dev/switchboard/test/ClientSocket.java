package dev.switchboard.test;

import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.protocol.WireFormat;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Session;
import dev.switchboard.test.runtime.LoopShard;
import dev.switchboard.test.runtime.LoopTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One test client: a connection to a node, speaking the wire protocol as phoenix.js does (string
 * refs counting up from 1, a channel's {@code join_ref} being its join's ref). Everything the server
 * sends it lands in its inbox, where assertions find and take frames (see {@link ClientChannel}).
 *
 * <p>Like a phoenix.js socket it outlives its connection: {@link #reconnect()} connects again
 * (running {@code connect} again) and rejoins its channels, asking to recover from their last
 * position when they had asked for positions.
 */
public final class ClientSocket {
    private final Environment env;
    private final int number;
    /** How it connects: through {@code connect} ({@code spec}), or with preset assigns ({@code preset}). */
    private final ConnectSpec spec;
    private final ConnectResult.Accepted preset;
    private final Inbox inbox = new Inbox();
    private final AtomicLong refs = new AtomicLong();
    /** The newest channel handle per topic: frames of the topic update it (positions, presence, state). */
    private final Map<String, ClientChannel> channels = new ConcurrentHashMap<>();
    private volatile Link link;
    private volatile ConnectResult.Accepted accepted;
    private int connections;

    ClientSocket(Environment env, TestNode node, ConnectSpec spec, ConnectResult.Accepted preset) {
        this.env = env;
        this.number = env.nextClientNumber();
        this.spec = spec;
        this.preset = preset;
    }

    /** {@code client #N}, as failure messages and the transcript name it. */
    public String name() {
        return "client #" + number;
    }

    /** The socket id {@code connect} gave this connection, or null. */
    public String id() {
        ConnectResult.Accepted a = accepted;
        return a == null ? null : a.id();
    }

    /** The assigns {@code connect} gave this connection. */
    public Map<String, Object> assigns() {
        ConnectResult.Accepted a = accepted;
        return a == null ? Map.of() : a.assigns();
    }

    /** The node of the current (or last) connection. */
    public TestNode node() {
        return link.node;
    }

    /** The server's session of the current connection: its channel count, its serializer. */
    public Session session() {
        return link.session;
    }

    // ---- channels ----

    /** A handle on {@code topic} with empty join params; nothing is sent until {@link ClientChannel#join()}. */
    public ClientChannel channel(String topic) {
        return channel(topic, null);
    }

    /**
     * A handle on {@code topic}, as phoenix.js {@code socket.channel(topic, params)}; nothing is sent
     * until {@link ClientChannel#join()}. From now on, the handle sees every broadcast published on
     * the topic ({@link ClientChannel#assertBroadcast}).
     *
     * @param params the join params: a map, a record, JSON text, a JSON node; null for {@code {}}.
     *               With the reserved key {@code recover} the channel asks for positions, and it
     *               asks to recover from its last one whenever it rejoins
     */
    public ClientChannel channel(String topic, Object params) {
        ClientChannel handle = new ClientChannel(this, env, topic, JsonCompare.payload(params));
        channels.put(topic, handle);
        return handle;
    }

    /** Joins {@code topic} with empty params and asserts the join was accepted; as Phoenix's {@code subscribe_and_join}. */
    public ClientChannel subscribeAndJoin(String topic) {
        return subscribeAndJoin(topic, null);
    }

    /**
     * Joins {@code topic} with {@code params} and asserts the join was accepted; as Phoenix's
     * {@code subscribe_and_join}. The reply is {@link ClientChannel#joinReply()}.
     *
     * @throws AssertionError when the join is refused or not answered
     */
    public ClientChannel subscribeAndJoin(String topic, Object params) {
        ClientChannel handle = channel(topic, params);
        handle.join().assertReply(Protocol.STATUS_OK);
        return handle;
    }

    // ---- the socket itself ----

    /** Sends a heartbeat and asserts its {@code ok} reply, as phoenix.js does every 30 s. */
    public void heartbeat() {
        String ref = nextRef();
        sendFrame(null, ref, Protocol.PHOENIX_TOPIC, Protocol.HEARTBEAT, Payload.empty());
        ReceivedFrame reply = awaitTake(Protocol.PHOENIX_TOPIC, f -> f.kind() == ReceivedFrame.Kind.REPLY && ref.equals(f.ref()));
        if (reply == null || !Protocol.STATUS_OK.equals(reply.status())) {
            throw Failures.missing(this, Protocol.PHOENIX_TOPIC, "an ok reply to heartbeat ref \"" + ref + "\""
                    + (reply == null ? "" : " (it replied " + reply.wire() + ")"), f -> null, env);
        }
    }

    /** Sends one raw text frame, exactly as given: for testing how the server treats what no client library would send. */
    public void send(String rawFrame) {
        Link l = requireOpen();
        env.log(name() + " → " + rawFrame);
        byte[] bytes = rawFrame.getBytes(StandardCharsets.UTF_8);
        env.drive(() -> l.transport.clientSends(bytes, false));
    }

    /** Sends one raw binary frame. */
    public void sendBinary(byte[] rawFrame) {
        Link l = requireOpen();
        env.log(name() + " → binary frame (" + ReceivedFrame.describeBinary(rawFrame) + ")");
        byte[] bytes = rawFrame.clone();
        env.drive(() -> l.transport.clientSends(bytes, true));
    }

    /** Takes the oldest not yet asserted frame, on any topic, that {@code match} accepts; fails when none arrives. */
    public ReceivedFrame assertReceived(String description, Predicate<ReceivedFrame> match) {
        ReceivedFrame f = env.await(() -> inbox.takeAny(match), env.options.assertTimeout());
        if (f == null) {
            throw Failures.missingAnywhere(this, description, env);
        }
        return f;
    }

    /** Watches for {@link TesterOptions#refuteTimeout()} and fails if a not yet asserted frame that {@code match} accepts arrived. */
    public void refuteReceived(String description, Predicate<ReceivedFrame> match) {
        env.settle(env.options.refuteTimeout());
        List<ReceivedFrame> found = inbox.unconsumed().stream().filter(match).toList();
        if (!found.isEmpty()) {
            throw Failures.unexpected(this, description, found.get(0), env);
        }
    }

    /** The frames received so far (the most recent 10,000), asserted or not, oldest first. */
    public List<ReceivedFrame> frames() {
        return inbox.recent();
    }

    /** The frames no assertion has taken yet, oldest first. */
    public List<ReceivedFrame> unasserted() {
        return inbox.unconsumed();
    }

    /** True while the current connection is open. */
    public boolean isConnected() {
        Link l = link;
        return l != null && !l.transport.isClosed();
    }

    /** Waits for the server to close the connection; returns why it did. */
    public CloseReason assertDisconnected() {
        Link l = link;
        CloseReason reason = l == null ? null : env.await(() -> l.transport.closeReason(), env.options.assertTimeout());
        if (reason == null) {
            throw new AssertionError(name() + ": expected the server to close the connection within "
                    + Failures.time(env.options.assertTimeout()) + ", but it is " + (isConnected() ? "open" : "closed by the client")
                    + Failures.footer(env));
        }
        return reason;
    }

    /** Waits for the server to close the connection with close code {@code code}; returns the reason. */
    public CloseReason assertDisconnected(int code) {
        CloseReason reason = assertDisconnected();
        if (reason.code() != code) {
            throw new AssertionError(name() + ": expected the server to close with " + code + " but it closed with "
                    + reason.code() + " \"" + reason.reason() + "\"" + Failures.footer(env));
        }
        return reason;
    }

    /** Watches for {@link TesterOptions#refuteTimeout()} and fails if the server closes the connection meanwhile. */
    public void refuteDisconnected() {
        env.settle(env.options.refuteTimeout());
        Link l = link;
        CloseReason reason = l == null ? null : l.transport.closeReason();
        if (reason != null) {
            throw new AssertionError(name() + ": the server closed the connection with " + reason.code() + " \""
                    + reason.reason() + "\"" + Failures.footer(env));
        }
    }

    /**
     * The client closes its connection (or loses it: the server cannot tell). Every channel of
     * the connection terminates with {@code CONNECTION_CLOSED}.
     */
    public void close() {
        Link l = link;
        if (l != null && !l.transport.isClosed()) {
            env.log(name() + " closes the connection");
            env.drive(l.transport::clientCloses);
            l.node.detached(this);
        }
    }

    /** Connects again to the same node and rejoins; see {@link #reconnect(TestNode)}. */
    public ClientSocket reconnect() {
        return reconnect(link.node);
    }

    /**
     * What phoenix.js does after its connection drops: connects again (to {@code node}, running
     * {@code connect} again with the same params), then rejoins every channel that had not been
     * left or closed, each with its own params; a channel that asked for positions rejoins with
     * {@code recover} set to the last position it received. Waits for every join reply (see
     * {@link ClientChannel#joinReply()} and {@link ClientChannel#recovery()}). The old connection,
     * if still open, is dropped first.
     *
     * @throws AssertionError when {@code connect} refuses the client this time
     */
    public ClientSocket reconnect(TestNode node) {
        if (isConnected()) {
            env.log(name() + " loses its connection");
            Link old = link;
            env.drive(old.transport::clientCloses);
            old.node.detached(this);
        }
        ConnectResult result = open(node);
        if (result instanceof ConnectResult.Refused refused) {
            throw new AssertionError(name() + ": connect refused the reconnect with HTTP " + refused.httpStatus() + Failures.footer(env));
        }
        List<Push> rejoins = new ArrayList<>();
        for (ClientChannel channel : new ArrayList<>(channels.values())) {
            if (channel.rejoinsAfterReconnect()) {
                rejoins.add(channel.rejoin());
            }
        }
        rejoins.forEach(Push::reply);
        return this;
    }

    // ---- for the kit ----

    /** Connects (or reconnects) to {@code node}: runs connect unless preset, then opens a session. */
    ConnectResult open(TestNode node) {
        ConnectResult[] outcome = new ConnectResult[1];
        LoopShard shard = node.nextLoop();
        env.drive(() -> {
            ConnectResult.Accepted granted;
            Serializer serializer;
            if (preset != null) {
                granted = preset;
                serializer = Serializers.of(env.options.wireFormat());
            } else {
                Map<String, Object> params = node.params(spec);
                serializer = TestNode.serializerFor(params.get(Protocol.VSN_PARAM));
                if (serializer == null) {
                    // The server refuses an unsupported version before the app is asked.
                    outcome[0] = ConnectResult.refuse(403);
                    return;
                }
                CompletableFuture<ConnectResult> answer = node.connect(spec, params, shard);
                long window = env.options.assertTimeout().toNanos();
                env.loop.await(answer::isDone, window, window);
                if (!answer.isDone()) {
                    throw new AssertionError(name() + ": connect did not answer within " + Failures.time(env.options.assertTimeout()));
                }
                ConnectResult result = answer.join();
                if (!(result instanceof ConnectResult.Accepted a)) {
                    env.log(name() + " connect refused: " + result);
                    outcome[0] = result;
                    return;
                }
                granted = a;
            }
            attach(node, shard, serializer, granted);
            outcome[0] = granted;
        });
        return outcome[0];
    }

    private void attach(TestNode node, LoopShard shard, Serializer serializer, ConnectResult.Accepted granted) {
        Link l = new Link(node, new FrameCodec(serializer.format()), ++connections);
        LoopTransport transport = new LoopTransport(shard, env.loop, l, env.socket.options().idleTimeout(), true);
        l.transport = transport;
        shard.runNow(() -> {
            Session session = node.endpoint().open(env.socket, serializer, transport, granted);
            transport.attach(session);
            l.session = session;
        });
        accepted = granted;
        link = l;
        node.attached(this);
        if (connections == 1) {
            env.register(this);
        }
        env.log(name() + " connected to " + node.id() + " (" + (serializer.format() == WireFormat.V2 ? "vsn 2.0.0" : "vsn 1.0.0")
                + ", assigns " + granted.assigns() + (granted.id() != null ? ", id " + granted.id() : "") + ")");
    }

    String nextRef() {
        return Long.toString(refs.incrementAndGet());
    }

    void sendFrame(String joinRef, String ref, String topic, String event, Payload payload) {
        Link l = requireOpen();
        FrameCodec.Outgoing out = l.codec.encode(joinRef, ref, topic, event, payload);
        env.log(name() + " → " + (out.binary() ? "binary push [" + joinRef + ", " + ref + ", " + topic + ", " + event + "]"
                : new String(out.bytes(), StandardCharsets.UTF_8)));
        env.drive(() -> l.transport.clientSends(out.bytes(), out.binary()));
    }

    ReceivedFrame awaitTake(String topic, Predicate<ReceivedFrame> match) {
        return env.await(() -> inbox.take(topic, match), env.options.assertTimeout());
    }

    Inbox inbox() {
        return inbox;
    }

    /** Why the server closed the current connection, or null. */
    CloseReason serverClose() {
        Link l = link;
        return l == null ? null : l.transport.closeReason();
    }

    int connections() {
        return connections;
    }

    private Link requireOpen() {
        Link l = link;
        if (l == null || l.transport.isClosed()) {
            CloseReason why = serverClose();
            throw new IllegalStateException(name() + " is not connected"
                    + (why != null ? ": the server closed the connection with " + why.code() + " \"" + why.reason() + "\"" : "")
                    + "; reconnect() first");
        }
        return l;
    }

    void closeQuietly() {
        Link l = link;
        if (l != null && !l.transport.isClosed()) {
            l.transport.clientCloses();
        }
    }

    /** The node died: the connection is gone without a close frame. */
    void connectionLost() {
        env.log(name() + " lost its connection (" + link.node.id() + " crashed)");
        closeQuietly();
        link.node.detached(this);
    }

    /** The node closes the connection (shutting down). */
    void closeByServer(CloseReason reason) {
        Link l = link;
        if (l != null) {
            l.transport.close(reason);
            l.node.detached(this);
        }
    }

    /** One connection: where frames arrive and are decoded. */
    private final class Link implements LoopTransport.Client {
        final TestNode node;
        final FrameCodec codec;
        final int number;
        volatile LoopTransport transport;
        volatile Session session;

        Link(TestNode node, FrameCodec codec, int number) {
            this.node = node;
            this.codec = codec;
            this.number = number;
        }

        @Override
        public void received(EncodedFrame frame, boolean shared) {
            ReceivedFrame f = codec.decode(frame, env.elapsed(), number);
            env.log(name() + " ← " + f.wire());
            ClientChannel handle = channels.get(f.topic());
            if (handle != null) {
                handle.observe(f);
            }
            inbox.add(f);
        }

        @Override
        public void closedByServer(CloseReason reason) {
            env.log(name() + " closed by the server: " + reason.code() + " \"" + reason.reason() + "\"");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
