package dev.switchboard.socket;

import dev.switchboard.channel.Execution;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.NodeIds;
import dev.switchboard.exec.Ticker;
import dev.switchboard.exec.Workers;
import dev.switchboard.health.HealthCheck;
import dev.switchboard.history.RecoveryStats;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.presence.PresenceTracker;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.PubSub;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session of a server shares: the PubSub, the worker executor for user callbacks, the
 * cluster bus and the presence tracker. Also the server-side API for broadcasting and for
 * disconnecting users.
 */
public final class Endpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Endpoint.class);
    /** Event broadcast on a socket id's topic to close every connection with that id. */
    static final String DISCONNECT_EVENT = "disconnect";

    private final PubSub pubsub;
    private final ExecutorService workers;
    private final ClusterBus bus;
    private final Ticker ticker;
    /** The presence tracker's timer, or null: it starts a thread of its own. */
    private final ScheduledExecutorService timer;
    private final List<HealthCheck> healthChecks = new CopyOnWriteArrayList<>();
    private final RecoveryStats recoveryStats = new RecoveryStats();
    private final TrafficStats traffic = new TrafficStats();
    private final PresenceOptions presenceOptions;
    private volatile PresenceTracker presence;
    /** Set once by {@link #startDraining()}; read by every join and by the transports. */
    private volatile boolean draining;

    private Endpoint(Builder b) {
        this.pubsub = b.pubsub;
        this.workers = b.workers != null ? b.workers : Workers.create(Workers.DEFAULT_PLATFORM_THREADS);
        this.bus = b.bus != null ? b.bus : ClusterBus.standalone(NodeIds.random());
        this.presenceOptions = b.presence;
        this.ticker = b.ticker;
        this.timer = b.timer;
        if (!bus.standalone()) {
            // In a cluster the tracker starts now, not on first use: it must hear the other
            // nodes' heartbeats and snapshots before its first list(), or a client joining here
            // would get a presence_state without them.
            this.presence = startPresence();
        }
    }

    /** An endpoint on {@code pubsub}; every other part has a default (see {@link Builder}). */
    public static Builder builder(PubSub pubsub) {
        return new Builder(pubsub);
    }

    /** An endpoint with the in-memory PubSub and default workers. */
    public static Endpoint inMemory() {
        return inMemory(NodeIds.random());
    }

    /** A single-node endpoint named {@code nodeId}, with the in-memory PubSub and default workers. */
    public static Endpoint inMemory(String nodeId) {
        return builder(new InMemoryPubSub()).bus(ClusterBus.standalone(nodeId)).build();
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public ExecutorService workers() {
        return workers;
    }

    /** Node-to-node messages; {@link ClusterBus#standalone} on a single node. */
    public ClusterBus bus() {
        return bus;
    }

    /**
     * Adds a check to this node's health report ({@code GET /health} on the server), e.g. the
     * cluster's Redis connection. Checks are reported in the order added.
     */
    public Endpoint addHealthCheck(HealthCheck check) {
        healthChecks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /** The registered health checks (a snapshot, in the order added). */
    public List<HealthCheck> healthChecks() {
        return List.copyOf(healthChecks);
    }

    /** This node's id ({@code bus().nodeId()}). */
    public String nodeId() {
        return bus.nodeId();
    }

    /**
     * This node's presence tracker (what {@code ctx.presence()} uses), made from this endpoint's
     * PubSub and bus: on a cluster bus it replicates with the other nodes (started with the
     * endpoint), on a standalone one it only batches diffs (started on first use).
     */
    public PresenceTracker presence() {
        PresenceTracker tracker = presence;
        if (tracker == null) {
            synchronized (this) {
                tracker = presence;
                if (tracker == null) {
                    tracker = startPresence();
                    presence = tracker;
                }
            }
        }
        return tracker;
    }

    private PresenceTracker startPresence() {
        return timer == null
                ? PresenceTracker.start(pubsub, bus, presenceOptions)
                : PresenceTracker.start(pubsub, bus, presenceOptions, timer, ticker);
    }

    /**
     * Broadcasts to every subscriber of {@code topic}. {@code payload}: map, record, JSON node or
     * {@link Payload}. On a topic that keeps history the stage completes with the broadcast's
     * position (null otherwise); see {@link PubSub#publish}.
     */
    public CompletionStage<Position> broadcast(String topic, String event, Object payload) {
        return pubsub.publish(new Broadcast(topic, event, Payloads.of(payload)));
    }

    /**
     * Marks this node as draining, for good: from now on every join is refused with
     * {@code {"reason":"server draining"}} (the client's connection is about to be closed so that
     * it reconnects to another node, where the join succeeds), and the server's transports open
     * no new connections. The server's drain calls this; it cannot be undone.
     */
    public void startDraining() {
        draining = true;
    }

    /** True once {@link #startDraining()} was called. */
    public boolean isDraining() {
        return draining;
    }

    /** What this node's sessions did: joins, messages in and out. */
    public TrafficStats traffic() {
        return traffic;
    }

    /** How recovering joins went on this node. */
    public RecoveryStats recoveryStats() {
        return recoveryStats;
    }

    /**
     * Closes every connection (on every node sharing the PubSub) whose socket id is {@code socketId}
     * with close code 1001; clients reconnect and run {@code connect} again.
     */
    public void disconnect(String socketId) {
        pubsub.publish(new Broadcast(socketId, DISCONNECT_EVENT, Payload.empty()));
    }

    /**
     * Runs the socket's connect handler: on a worker, or right here (the caller's event loop)
     * when the socket declared it non-blocking. Exceptions and null answers refuse with HTTP 500
     * (logged): a broken handler must not let anyone in.
     */
    public CompletableFuture<ConnectResult> connect(SocketDefinition socket, ConnectRequest request) {
        if (socket.connectExecution() == Execution.EVENT_LOOP) {
            return CompletableFuture.completedFuture(runConnect(socket, request));
        }
        return CompletableFuture.supplyAsync(() -> runConnect(socket, request), workers);
    }

    private static ConnectResult runConnect(SocketDefinition socket, ConnectRequest request) {
        try {
            ConnectResult result = socket.handler().connect(request);
            if (result == null) {
                log.error("Connect handler of {} returned null; refusing", socket.path());
                return ConnectResult.refuse(500);
            }
            return result;
        } catch (RuntimeException e) {
            log.error("Connect handler of {} threw; refusing", socket.path(), e);
            return ConnectResult.refuse(500);
        }
    }

    /** Starts a session for an accepted connection. Call on the transport's shard. */
    public Session open(SocketDefinition socket, Serializer serializer, Transport transport,
                        ConnectResult.Accepted accepted) {
        return new Session(new Connection(this, socket, serializer, transport, accepted));
    }

    /**
     * The clock the session layer measures time with (join rate limits; with a
     * {@link Builder#timer timer}, presence too); {@link Ticker#SYSTEM} unless a test set another.
     */
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public void close() {
        PresenceTracker tracker = presence;
        if (tracker != null) {
            tracker.close(); // before the bus: it says goodbye to the other nodes
        }
        bus.close();
        pubsub.close();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How to make an endpoint; every part but the PubSub has a default. */
    public static final class Builder {
        private final PubSub pubsub;
        private ExecutorService workers;
        private ClusterBus bus;
        private PresenceOptions presence = PresenceOptions.DEFAULTS;
        private Ticker ticker = Ticker.SYSTEM;
        private ScheduledExecutorService timer;

        private Builder(PubSub pubsub) {
            this.pubsub = Objects.requireNonNull(pubsub, "pubsub");
        }

        /**
         * Where channel callbacks that may block run (default {@link Workers#create}: virtual threads
         * on JDK 21+, else a pool of {@link Workers#DEFAULT_PLATFORM_THREADS} threads). Shut down with the endpoint.
         */
        public Builder workers(ExecutorService workers) {
            this.workers = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /**
         * How this node reaches the other nodes of its cluster (default: standalone, with a random
         * node id); its node id is this node's identity (long-poll tokens, presence ownership).
         */
        public Builder bus(ClusterBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /** How presence batches diffs and, in a cluster, replicates (default {@link PresenceOptions#DEFAULTS}). */
        public Builder presence(PresenceOptions presence) {
            this.presence = Objects.requireNonNull(presence, "presence");
            return this;
        }

        /** The clock of the session layer (default {@link Ticker#SYSTEM}); tests give a virtual one. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Where the endpoint's timed background work runs — presence diff batches, replication
         * deltas and heartbeats — timed together with the {@link #ticker ticker}. Default: none
         * given, and the presence tracker starts a daemon thread of its own on the system clock.
         * A test gives a virtual-time scheduler so that batch windows and down timeouts pass when
         * it moves its clock. It must run one task at a time; the endpoint never shuts it down.
         */
        public Builder timer(ScheduledExecutorService timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        public Endpoint build() {
            return new Endpoint(this);
        }
    }
}
