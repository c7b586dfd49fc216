package dev.switchboard.test;

import dev.switchboard.presence.PresenceState;
import dev.switchboard.protocol.Position;
import dev.switchboard.socket.SocketDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Tests an application's socket and channels in-process, without a network: Switchboard's real
 * session state machine, router, channel mailboxes, serializers, PubSub, presence and history
 * run the application's code, on an in-memory transport and a virtual clock. The counterpart of
 * Phoenix's {@code Phoenix.ChannelTest}.
 *
 * <pre>{@code
 * ChannelTester kit = ChannelTester.of(MyApp.socket());
 * ClientSocket ann = kit.connect(Map.of("user", "ann"));
 * ClientChannel room = ann.subscribeAndJoin("room:lobby");
 * room.push("new_msg", Map.of("body", "hi")).assertOk();
 * room.assertBroadcast("new_msg", Map.of("user", "ann", "body", "hi"));
 * }</pre>
 *
 * <p><b>Time</b> is virtual: it starts at {@link TesterOptions#start()} and moves only when the
 * test calls {@link #advance} or an assertion waits, running every timer due on the way — the
 * idle timeout, join rate limits, presence batches and heartbeats, history expiry — so "idle for
 * a minute" takes microseconds.
 *
 * <p><b>Execution</b> is deterministic by default: the server runs on the test's thread, between
 * the test's steps, in a fixed order; {@link ExecutionMode#WORKER_THREADS} runs channel callbacks on
 * real threads instead. Use a tester from one thread at a time. With JUnit 5, register a
 * {@code dev.switchboard.test.junit.ChannelTesterExtension} instead: it closes the kit after each
 * test and adds the transcript of the conversation to a failing test's report.
 */
public class ChannelTester implements AutoCloseable {
    private final Clock clock = new VirtualClock(() -> env().now(), ZoneOffset.UTC);
    private final SocketDefinition socket;
    private final TesterOptions options;
    private volatile Environment env;

    protected ChannelTester(Function<Clock, SocketDefinition> app, TesterOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.socket = Objects.requireNonNull(app.apply(clock), "the app made no socket definition");
        this.env = new Environment(socket, options);
    }

    /** A tester for {@code socket} with the default options. */
    public static ChannelTester of(SocketDefinition socket) {
        return of(socket, TesterOptions.DEFAULTS);
    }

    public static ChannelTester of(SocketDefinition socket, TesterOptions options) {
        Objects.requireNonNull(socket, "socket");
        return new ChannelTester(clock -> socket, options);
    }

    /**
     * A tester for an application that reads the time through a {@link Clock} (token expiry,
     * say): {@code app} is handed the kit's virtual clock ({@link #clock()}) and makes the socket
     * with it, so the application's time moves with the kit's. The clock may be read once the kit
     * runs, not while {@code app} builds the socket.
     */
    public static ChannelTester of(Function<Clock, SocketDefinition> app, TesterOptions options) {
        return new ChannelTester(app, options);
    }

    public TesterOptions options() {
        return options;
    }

    public SocketDefinition socketDefinition() {
        return socket;
    }

    // ---- clients (on the first node) ----

    /**
     * Connects a client through the socket's {@code connect} and asserts it was accepted.
     *
     * @param params the connect params: a map ({@code Map.of("user", "ann")}), a query string
     *               ({@code "user=ann"}), or a {@link ConnectSpec} with an auth token, headers, a
     *               cookie. They travel as a query string, so {@code connect} sees every value as a
     *               string, as it would from a browser; {@code vsn} is added unless given
     * @throws AssertionError when {@code connect} refuses the client
     */
    public ClientSocket connect(Object params) {
        return node().connect(params);
    }

    /** Runs {@code connect} for {@code params}, asserts it refused, and returns the HTTP status it chose. */
    public int assertConnectRefused(Object params) {
        return node().assertConnectRefused(params);
    }

    /** A client connected without running {@code connect}, with no assigns (Phoenix's {@code socket/3}). */
    public ClientSocket socket() {
        return node().socket(Map.of(), null);
    }

    /** A client connected without running {@code connect}, with these assigns. */
    public ClientSocket socket(Map<String, Object> assigns) {
        return node().socket(assigns, null);
    }

    /** A client connected without running {@code connect}, with these assigns and socket id. */
    public ClientSocket socket(Map<String, Object> assigns, String socketId) {
        return node().socket(assigns, socketId);
    }

    // ---- the server ----

    /** The first node (the only one unless {@link TesterOptions#nodes()} asked for more). */
    public TestNode node() {
        return env().node(0);
    }

    /** Node {@code index}, from 0. */
    public TestNode node(int index) {
        return env().node(index);
    }

    public List<TestNode> nodes() {
        return env().nodes();
    }

    /** Broadcasts on the first node as the application's server side would; see {@link TestNode#broadcast}. */
    public CompletionStage<Position> broadcast(String topic, String event, Object payload) {
        return node().broadcast(topic, event, payload);
    }

    /** Watches every broadcast on {@code topic} from now on, as seen on the first node. */
    public TopicObserver subscribe(String topic) {
        return node().subscribe(topic);
    }

    /** Who is present on {@code topic}, as the first node's tracker knows it now. */
    public PresenceState presence(String topic) {
        return node().presence(topic);
    }

    // ---- time ----

    /** Moves virtual time forward by {@code duration}, running every timer due on the way at its time. */
    public void advance(Duration duration) {
        env().advance(duration);
    }

    /** Runs everything queued now (deliveries, replies, handed-back work) without moving time. */
    public void runPending() {
        env().drive(() -> { });
    }

    /** Virtual time since the kit started. */
    public Duration elapsed() {
        return env().elapsed();
    }

    /** The virtual wall clock: {@link TesterOptions#start()} plus {@link #elapsed()}. */
    public Instant now() {
        return env().now();
    }

    /** The virtual wall clock as a {@link Clock} (UTC), for application code that takes one. */
    public Clock clock() {
        return clock;
    }

    // ---- diagnosis ----

    /** Every frame that crossed the wire, and every connect and close, with its virtual time (the last 2,000 lines). */
    public String transcript() {
        return env().transcript();
    }

    /** Closes every client (their channels terminate) and stops every node. Idempotent. */
    @Override
    public void close() {
        env.close();
    }

    /** Starts a fresh run (new nodes, clients and clock) when the current one was closed: for test-framework integrations. */
    protected final void restart() {
        if (env.isClosed()) {
            env = new Environment(socket, options);
        }
    }

    protected final boolean isClosed() {
        return env.isClosed();
    }

    private Environment env() {
        Environment e = env;
        if (e.isClosed()) {
            throw new IllegalStateException("this ChannelTester is closed");
        }
        return e;
    }
}
