package dev.switchboard.redis;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.exec.Workers;
import dev.switchboard.health.Health;
import dev.switchboard.health.HealthCheck;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.socket.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership in a cluster of nodes sharing one Redis: its {@link #pubsub()} for
 * broadcasts and its {@link #bus()} for node-to-node messages, over the same two connections.
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.connect(RedisOptions.builder("redis://127.0.0.1:6379", "node-a").build());
 * SwitchboardServer server = SwitchboardServer.builder()
 *         .endpoint(cluster.endpoint(Workers.create(Workers.DEFAULT_PLATFORM_THREADS)))
 *         .socket(...)
 *         .build().start();
 * }</pre>
 *
 * <p>It is also the node's {@link HealthCheck} for Redis (UP while connected and subscribed,
 * DEGRADED while Redis is away: this node's clients are still served, but broadcasts do not cross
 * nodes) and a Micrometer {@link MeterBinder} for {@link RedisMetrics}.
 *
 * <p>Messages on the cluster's channels that are not envelopes this node can read (another
 * application publishing there, a node of a newer version) are ignored, counted in
 * {@link RedisMetrics#invalid()} and logged at most once per 10 s with the reason.
 */
public final class RedisCluster implements HealthCheck, MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);

    private final RedisOptions options;
    private final RedisChannels channels;
    private final RedisMetrics metrics;
    private volatile RedisPubSub pubsub;
    private final RedisBus bus;
    private final ThrottledLog invalidLog = new ThrottledLog(log, 10, TimeUnit.SECONDS);
    private final ThrottledLog publishLog = new ThrottledLog(log, 10, TimeUnit.SECONDS);
    private final RedisLink link;

    private RedisCluster(RedisOptions options) {
        this.options = options;
        this.channels = new RedisChannels(options.prefix(), options.sharded(), options.shards());
        this.metrics = new RedisMetrics(this::connected);
        this.bus = new RedisBus(this);
        this.link = RedisLink.open(options, channels, metrics, this::onMessage);
        this.pubsub = new RedisPubSub(this, new RedisHistory(link, channels, options, metrics), metrics);
        link.onReconnect(pubsub::reconnected);
    }

    /**
     * Connects and subscribes; returns once Redis has confirmed every subscription.
     *
     * @throws RedisConnectException within about {@link RedisOptions#commandTimeout()} when Redis
     *                               cannot be reached or used, naming the URI and the reason
     */
    public static RedisCluster connect(RedisOptions options) {
        return new RedisCluster(options);
    }

    /** {@link #connect(RedisOptions)} with the default options. */
    public static RedisCluster connect(String uri, String nodeId) {
        return connect(RedisOptions.builder(uri, nodeId).build());
    }

    /** Broadcasts for this node's subscribers and, through Redis, every other node's. */
    public RedisPubSub pubsub() {
        return pubsub;
    }

    /** Messages between nodes by node id. */
    public ClusterBus bus() {
        return bus;
    }

    /**
     * An endpoint on this cluster's PubSub and bus, with this cluster as a health check. Closing
     * the endpoint closes the cluster.
     */
    public Endpoint endpoint(ExecutorService workers) {
        return endpoint(workers, PresenceOptions.DEFAULTS);
    }

    /** {@link #endpoint(ExecutorService)} with presence replication tuned by {@code presence}. */
    public Endpoint endpoint(ExecutorService workers, PresenceOptions presence) {
        return Endpoint.builder(pubsub).workers(workers).bus(bus).presence(presence).build().addHealthCheck(this);
    }

    /** {@link #endpoint(ExecutorService)} with the default workers. */
    public Endpoint endpoint() {
        return endpoint(Workers.create(Workers.DEFAULT_PLATFORM_THREADS));
    }

    public String nodeId() {
        return options.nodeId();
    }

    /**
     * A random 32-byte secret shared by every node of this cluster under {@code name}: the first
     * node to ask creates it in Redis ({@code {prefix}:secret:{name}}, SET NX), the others read
     * it. Long-poll session tokens are signed with it, so any node verifies any node's token with
     * nothing to configure. It lives as long as Redis keeps its data; whoever can read the Redis
     * can read it, so give nodes an explicit secret where Redis is shared with less trusted users.
     *
     * @throws RedisConnectException when Redis cannot be asked within the command timeout
     */
    public byte[] sharedSecret(String name) {
        String key = options.prefix() + ":secret:" + name;
        byte[] candidate = new byte[32];
        new java.security.SecureRandom().nextBytes(candidate);
        try {
            return link.getOrCreate(key, candidate);
        } catch (RuntimeException e) {
            throw new RedisConnectException("cannot read the shared secret " + key + " from Redis at "
                    + link.displayUri() + ": " + e.getMessage(), e);
        }
    }

    public RedisOptions options() {
        return options;
    }

    public RedisMetrics metrics() {
        return metrics;
    }

    /** True while Redis is reachable and every subscription is in place. */
    public boolean connected() {
        RedisLink l = link;
        return l != null && l.connected();
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Health check() {
        if (link.closed()) {
            return Health.down("closed");
        }
        String mode = options.sharded() ? "sharded" : "global";
        if (link.connected()) {
            return Health.up("connected to " + link.displayUri() + ", " + link.channelCount() + " channels subscribed ("
                    + mode + " mode)");
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - link.lostAtNanos());
        return Health.degraded("lost connection to Redis at " + link.displayUri() + " " + seconds
                + " s ago, reconnecting; broadcasts reach this node's clients only (" + metrics.publishFailures()
                + " publish failures so far)");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        metrics.bindTo(registry);
    }

    /** Closes both connections; idempotent. The PubSub and the bus stop reaching other nodes. */
    @Override
    public void close() {
        RedisLink l = link;
        if (l != null) {
            l.close();
        }
    }

    void onReconnect(Runnable listener) {
        link.onReconnect(listener);
    }

    /** Sends a local broadcast to the other nodes; failures are counted and logged, never thrown. */
    void forward(Broadcast broadcast) {
        if (link.closed()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = EnvelopeCodec.encode(new Envelope.ForTopic(nodeId(), Envelope.ForTopic.NO_OFFSET, broadcast));
        } catch (IllegalArgumentException e) {
            metrics.published(false);
            publishLog.warn("Broadcast {} on {} not sent to other nodes: {}", broadcast.event(), broadcast.topic(), e.getMessage());
            return;
        }
        link.publish(channels.forTopic(broadcast.topic()), bytes, channels.sharded()).whenComplete((n, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                publishLog.warn("Broadcast {} on {} not sent to other nodes: {}", broadcast.event(), broadcast.topic(), cause.getMessage());
            }
        });
    }

    CompletableFuture<Long> sendToNode(String nodeId, Envelope.ForNode envelope) {
        return link.publish(channels.node(nodeId), EnvelopeCodec.encode(envelope), false);
    }

    CompletableFuture<Long> sendToAllNodes(Envelope.ForNode envelope) {
        return link.publish(channels.nodes(), EnvelopeCodec.encode(envelope), false);
    }

    /** Every message on a subscribed channel, on a Lettuce thread: decode, check, hand on. */
    private void onMessage(String channel, byte[] message) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(message);
        } catch (InvalidEnvelopeException e) {
            ignore(channel, message.length, e.getMessage());
            return;
        }
        boolean fromSelf = envelope.origin().equals(nodeId());
        if (envelope instanceof Envelope.Positioned p) {
            if (!channel.equals(channels.forTopic(p.broadcast().topic()))) {
                ignore(channel, message.length, "broadcast for topic " + p.broadcast().topic() + " on the wrong channel");
            } else if (!fromSelf) {
                // This node's own are delivered from its publish script's reply (with broadcastFrom's exclusion).
                metrics.countReceived();
                RedisPubSub ps = pubsub;
                if (ps != null && inboundFilter.test(p)) {
                    ps.receivePositioned(p.broadcast());
                }
            }
        } else if (envelope instanceof Envelope.ForTopic t) {
            if (!channel.equals(channels.forTopic(t.broadcast().topic()))) {
                ignore(channel, message.length, "broadcast for topic " + t.broadcast().topic() + " on the wrong channel");
            } else if (!fromSelf) {
                metrics.countReceived();
                RedisPubSub ps = pubsub;
                if (ps != null) {
                    ps.receive(t.broadcast());
                }
            }
        } else if (envelope instanceof Envelope.ForNode n) {
            boolean toAll = channel.equals(channels.nodes());
            if (!toAll && !channel.equals(channels.node(nodeId()))) {
                ignore(channel, message.length, "node message on a broadcast channel");
            } else if (!(fromSelf && toAll)) {
                metrics.countReceived();
                bus.dispatch(n.origin(), n.kind(), n.body());
            }
        }
    }

    /** A test seam: positioned envelopes it refuses are dropped as if Pub/Sub had lost them. */
    private volatile java.util.function.Predicate<Envelope.Positioned> inboundFilter = p -> true;

    void inboundFilter(java.util.function.Predicate<Envelope.Positioned> filter) {
        this.inboundFilter = filter;
    }

    private void ignore(String channel, int length, String reason) {
        metrics.countInvalid();
        invalidLog.warn("Ignored a message of {} bytes on Redis channel {}: {}", length, channel, reason);
    }
}
