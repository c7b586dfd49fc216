package dev.switchboard.test;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.history.MemoryHistory;
import dev.switchboard.presence.PresenceState;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.PubSub;
import dev.switchboard.security.CsrfCheck;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.ConnectInfo;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.QueryParams;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.test.runtime.Fabric;
import dev.switchboard.test.runtime.LoopShard;
import dev.switchboard.test.runtime.LoopTimer;
import dev.switchboard.test.runtime.LoopWorkers;
import dev.switchboard.test.runtime.ThreadWorkers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-memory server node: a real {@link Endpoint} (sessions, channels, PubSub, presence,
 * history) on the kit's event loops and virtual clock, serving the tester's socket. A kit has one
 * node unless {@link TesterOptions#nodes()} asks for a cluster; then they share broadcasts,
 * presence and history as nodes on one Redis do, and a node can be cut off, crash or stop.
 */
public final class TestNode {
    private final Environment env;
    private final String id;
    private final Endpoint endpoint;
    private final LoopShard[] loops;
    private final Fabric.Member member;
    private final List<ClientSocket> clients = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile boolean down;

    TestNode(Environment env, int index, Fabric fabric) {
        this.env = env;
        this.id = "node-" + index;
        TesterOptions options = env.options;
        this.loops = new LoopShard[options.eventLoops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new LoopShard(env.loop, i, id + "/loop-" + i);
        }
        PubSub pubsub;
        ClusterBus bus;
        if (fabric == null) {
            member = null;
            pubsub = new InMemoryPubSub(new MemoryHistory(options.historyMaxBytes(), env.loop::nanoTime));
            bus = ClusterBus.standalone(id);
        } else {
            member = fabric.join(id);
            pubsub = member.pubsub();
            bus = member.bus();
        }
        ExecutorService workers = options.execution() == ExecutionMode.DETERMINISTIC
                ? new LoopWorkers(env.loop, id + "/workers")
                : new ThreadWorkers(env.loop, Executors.newFixedThreadPool(options.workerThreads(), r -> {
                    Thread t = new Thread(r, "switchboard-test-" + id + "-worker");
                    t.setDaemon(true);
                    return t;
                }));
        this.endpoint = Endpoint.builder(pubsub)
                .workers(workers)
                .bus(bus)
                .presence(options.presence())
                .ticker(env.loop::nanoTime)
                .timer(new LoopTimer(env.loop, id + "/presence"))
                .build();
        // As a server does when it starts: a topic's history is shared by everything that broadcasts to it.
        env.socket.history().forEach(pubsub.history().rules()::add);
    }

    /** The node's id, {@code node-0}, {@code node-1}, ... */
    public String id() {
        return id;
    }

    /** This node's endpoint, for what the application's server side does: broadcast, disconnect, presence. */
    public Endpoint endpoint() {
        return endpoint;
    }

    // ---- clients ----

    /**
     * Connects a client to this node through the socket's {@code connect}, and asserts it was
     * accepted. {@code params}: a map, a query string, or a {@link ConnectSpec}.
     *
     * @throws AssertionError when the socket refused the client
     */
    public ClientSocket connect(Object params) {
        ConnectSpec spec = ConnectSpec.of(params);
        ClientSocket client = new ClientSocket(env, this, spec, null);
        ConnectResult result = client.open(this);
        if (!(result instanceof ConnectResult.Accepted)) {
            throw new AssertionError("connect was refused with HTTP " + ((ConnectResult.Refused) result).httpStatus()
                    + "; the client asked with ?" + spec.query());
        }
        return client;
    }

    /**
     * Runs the socket's {@code connect} for {@code params}, asserts it refused the client, and
     * returns the HTTP status it would answer (403 unless the app chose another).
     */
    public int assertConnectRefused(Object params) {
        ConnectSpec spec = ConnectSpec.of(params);
        ClientSocket client = new ClientSocket(env, this, spec, null);
        ConnectResult result = client.open(this);
        if (result instanceof ConnectResult.Refused refused) {
            return refused.httpStatus();
        }
        ConnectResult.Accepted accepted = (ConnectResult.Accepted) result;
        client.closeQuietly();
        throw new AssertionError("connect accepted the client (assigns " + accepted.assigns() + ", id " + accepted.id()
                + ") but was expected to refuse it; the client asked with ?" + spec.query());
    }

    /**
     * A client connected without running {@code connect}, as Phoenix's {@code socket/3}: it has
     * these assigns and socket id (null for none), for testing channels on their own.
     */
    public ClientSocket socket(Map<String, Object> assigns, String socketId) {
        ConnectResult.Accepted accepted = (ConnectResult.Accepted) ConnectResult.accept(assigns, socketId);
        ClientSocket client = new ClientSocket(env, this, null, accepted);
        client.open(this);
        return client;
    }

    // ---- the server side ----

    /** Broadcasts as the application would from anywhere ({@code endpoint.broadcast}); see {@link Endpoint#broadcast}. */
    public CompletionStage<Position> broadcast(String topic, String event, Object payload) {
        CompletionStage<Position>[] stage = newStageHolder();
        env.drive(() -> stage[0] = endpoint.broadcast(topic, event, JsonCompare.payload(payload)));
        return stage[0];
    }

    /** Closes every connection whose socket id is {@code socketId}, on every node ({@link Endpoint#disconnect}). */
    public void disconnect(String socketId) {
        env.drive(() -> endpoint.disconnect(socketId));
    }

    /** Who is present on {@code topic}, as this node's tracker knows it now. */
    public PresenceState presence(String topic) {
        return env.call(() -> endpoint.presence().list(topic));
    }

    /** Watches every broadcast on {@code topic} as seen on this node, from now on. */
    public TopicObserver subscribe(String topic) {
        return new TopicObserver(env, this, topic);
    }

    // ---- the node's fate, in a cluster ----

    /**
     * Cuts the node off from the cluster, as when its Redis connection breaks: its clients stay
     * connected and get its local broadcasts; nothing crosses to or from the other nodes,
     * broadcasts to topics with history are refused, and after the presence down timeout the
     * others forget its presences. One node alone has no cluster to leave.
     */
    public void cutOff() {
        requireCluster("cut off");
        env.drive(member::cutOff);
    }

    /** Heals a {@link #cutOff}: the node and the others exchange presence again. */
    public void reconnect() {
        requireCluster("reconnect");
        env.drive(member::reconnect);
    }

    /**
     * Kills the node without a goodbye: its clients lose their connections and its link to the
     * cluster is gone; the other nodes notice only by its silence (presence down timeout). Clients
     * reconnect elsewhere with {@link ClientSocket#reconnect(TestNode)}.
     */
    public void crash() {
        env.drive(() -> {
            if (member != null) {
                member.cutOff();
            }
            down = true;
            new ArrayList<>(clients).forEach(ClientSocket::connectionLost);
        });
    }

    /**
     * Stops the node as a server shuts down: every client is closed with 1012 (server restarting),
     * presence says goodbye to the other nodes, the endpoint closes.
     */
    public void stop() {
        env.drive(() -> {
            down = true;
            new ArrayList<>(clients).forEach(c -> c.closeByServer(CloseReason.SERVICE_RESTART));
        });
        env.drive(() -> endpoint.close());
    }

    public boolean isDown() {
        return down;
    }

    // ---- for the kit ----

    LoopShard nextLoop() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    LoopShard loop(int i) {
        return loops[i];
    }

    void attached(ClientSocket client) {
        synchronized (clients) {
            clients.add(client);
        }
    }

    void detached(ClientSocket client) {
        synchronized (clients) {
            clients.remove(client);
        }
    }

    /**
     * Runs the server's side of a connect for {@code spec}: parses the query as the server does,
     * refuses an unsupported {@code vsn} (403) without asking the app, builds the connect info and
     * runs the socket's {@code connect} where the socket says. Completes with the app's answer.
     */
    CompletableFuture<ConnectResult> connect(ConnectSpec spec, Map<String, Object> params, LoopShard loop) {
        if (down) {
            throw new IllegalStateException(id + " is down; connect to another node");
        }
        SocketDefinition socket = env.socket;
        Map<String, Object> session = socket.session() == null ? null
                : CsrfCheck.session(socket.session(), spec.cookie(), params, socket.path());
        ConnectInfo info = new ConnectInfo("websocket", spec.peer(), socket.path() + "/websocket?" + spec.query(),
                spec.userAgent(), spec.authToken(), spec.headers(), session);
        CompletableFuture<ConnectResult>[] result = newFutureHolder();
        // A connect handler declared non-blocking runs on the connection's event loop.
        loop.runNow(() -> result[0] = endpoint.connect(socket, new ConnectRequest(params, info)));
        return result[0];
    }

    /** The connect params of {@code spec} as the server parses them, with the kit's {@code vsn} when the client sent none. */
    Map<String, Object> params(ConnectSpec spec) {
        String query = spec.query();
        Map<String, Object> params = QueryParams.parse(query);
        if (!params.containsKey(Protocol.VSN_PARAM)) {
            String vsn = env.options.wireFormat() == dev.switchboard.protocol.WireFormat.V2 ? Protocol.VSN_2 : Protocol.VSN_1;
            params = QueryParams.parse(query.isEmpty() ? "vsn=" + vsn : query + "&vsn=" + vsn);
        }
        return params;
    }

    /** The serializer for a client's {@code vsn}, or null when the server would refuse it. */
    static Serializer serializerFor(Object vsn) {
        return vsn instanceof String s ? Serializers.forVsn(s).orElse(null) : null;
    }

    /**
     * Closes what the node holds; clients were closed first. Closing an endpoint twice (after
     * {@link #stop()}) is harmless; a crashed node's goodbye reaches nobody, its link being cut.
     */
    void shutdown() {
        endpoint.close();
    }

    private void requireCluster(String what) {
        if (member == null) {
            throw new IllegalStateException("a single node cannot " + what + ": run several with TesterOptions.nodes(2)");
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Position>[] newStageHolder() {
        return new CompletionStage[1];
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<ConnectResult>[] newFutureHolder() {
        return new CompletableFuture[1];
    }

    @Override
    public String toString() {
        return id;
    }
}
