package dev.switchboard.server;

import dev.switchboard.cluster.NodeIds;
import dev.switchboard.security.OriginPolicy;
import dev.switchboard.server.admin.AdminOptions;
import dev.switchboard.server.drain.DrainHandle;
import dev.switchboard.server.drain.DrainOptions;
import dev.switchboard.server.http.HealthRoute;
import dev.switchboard.server.drain.DrainResult;
import dev.switchboard.server.drain.DrainStats;
import dev.switchboard.server.drain.Drainer;
import dev.switchboard.server.http.HttpOptions;
import dev.switchboard.server.http.PublishApiOptions;
import dev.switchboard.server.io.IoTransport;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.limits.ConnectionCounter;
import dev.switchboard.server.limits.ConnectionLimits;
import dev.switchboard.server.limits.HandshakeSweeper;
import dev.switchboard.server.limits.LimitCounters;
import dev.switchboard.server.metrics.ServerMetrics;
import dev.switchboard.server.tls.TlsConfig;
import dev.switchboard.server.transport.longpoll.LongPollHandler;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import dev.switchboard.server.transport.websocket.CompressionStats;
import dev.switchboard.server.transport.websocket.WebSocketOptions;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Switchboard server: one HTTP/1.1 port serving WebSocket connections for every mounted
 * socket, optionally the HTTP publish API and static files.
 *
 * <pre>{@code
 * try (SwitchboardServer server = SwitchboardServer.builder()
 *         .port(4000)
 *         .socket(SocketDefinition.builder("/socket").channel("room:*", RoomChannel::new).build())
 *         .build()
 *         .start()) {
 *     server.awaitClose();
 * }
 * }</pre>
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);

    private final ServerOptions options;
    private final Endpoint endpoint;
    private final boolean ownsEndpoint;
    private final IoTransport io;
    private final LimitCounters limitCounters = new LimitCounters();
    private final PrometheusMeterRegistry meterRegistry;
    private final DrainStats drainStats = new DrainStats();
    /** Completes when a drain, however started, has ended. */
    private final CompletableFuture<DrainResult> drained = new CompletableFuture<>();
    /** The drain, once one was started; guarded by {@code this}. */
    private Drainer drainer;
    private ConnectionCounter connections;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private Shards shards;
    private HealthRoute health;

    private SwitchboardServer(ServerOptions options, Endpoint endpoint, PrometheusMeterRegistry registry) {
        this.options = options;
        String nodeId = options.node().nodeId();
        this.ownsEndpoint = endpoint == null;
        this.endpoint = ownsEndpoint ? Endpoint.inMemory(nodeId != null ? nodeId : NodeIds.random()) : endpoint;
        if (nodeId != null && !nodeId.equals(this.endpoint.nodeId())) {
            throw new IllegalArgumentException("nodeId " + nodeId + " differs from the endpoint's node id "
                    + this.endpoint.nodeId() + "; name the node on the endpoint's bus");
        }
        this.io = IoTransport.detect();
        this.meterRegistry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What this server was built with. */
    public ServerOptions options() {
        return options;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException with a {@link BindException} cause when the address is in use
     */
    public SwitchboardServer start() {
        for (SocketDefinition socket : options.sockets()) {
            // A topic's history is shared by everything that broadcasts to it: the rules go to the PubSub.
            socket.history().forEach(endpoint.pubsub().history().rules()::add);
        }
        ListenOptions listen = options.listen();
        OutboundOptions outbound = options.outbound();
        boss = io.newGroup(1, "switchboard-accept");
        workers = io.newGroup(listen.ioThreads(), "switchboard-io");
        shards = new Shards(workers);
        RouterAssembly assembly = RouterAssembly.of(options, endpoint, shards, meterRegistry,
                () -> drain().openAtStart(), this::openConnections);
        if (assembly.admin() != null) {
            // One tick a second on the accept loop, which is otherwise idle between connections.
            assembly.admin().startSampling(boss.next());
        }
        HttpRouter router = assembly.router();
        health = assembly.health();
        TlsConfig tls = options.tls();
        ConnectionCounter counter = new ConnectionCounter(options.limits(), limitCounters, tls != null);
        connections = counter;
        bindMeters(assembly.longPoll(), assembly.compression());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, listen.acceptBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        outbound.writeBufferLowWaterMark(), outbound.writeBufferHighWaterMark()))
                .childHandler(new ConnectionPipeline(counter, tls, new HandshakeSweeper.Registry(), limitCounters,
                        options.limits().handshakeTimeout().toNanos(), options.http().maxBodyBytes(),
                        router.longPollPaths(), router));
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(listen.host(), listen.port())).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw listen.bindFailure(e);
        }
        log.info("Switchboard listening on {}:{} ({}{} I/O, {} event loops)", listen.host(), port(),
                tls == null ? "" : "TLS, ", io.name(), shards.size());
        return this;
    }

    /** The server's, the transports' and the endpoint's meters, on {@link #meterRegistry()}. */
    private void bindMeters(LongPollHandler longPoll, CompressionStats compression) {
        if (longPoll != null) {
            longPoll.bindTo(meterRegistry);
        }
        compression.bindTo(meterRegistry);
        new ServerMetrics(this::openConnections, limitCounters, shards.closes()).bindTo(meterRegistry);
        drainStats.bindTo(meterRegistry);
        ServerMetrics.bindEndpoint(endpoint, meterRegistry);
    }

    /** The registry {@code GET /metrics} shows: the one given to the builder, or the server's own. */
    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** How often each connection limit was hit since start. */
    public LimitCounters limitCounters() {
        return limitCounters;
    }

    /** Open TCP connections now (0 before start). */
    public int openConnections() {
        return connections == null ? 0 : connections.open();
    }

    /** This node's id, as named in long-poll session tokens. */
    public String nodeId() {
        return endpoint.nodeId();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String host() {
        return options.listen().host();
    }

    /** The TLS settings, when the port speaks {@code https://}/{@code wss://} only. */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(options.tls());
    }

    /** {@code "epoll"} or {@code "nio"}. */
    public String transportName() {
        return io.name();
    }

    /** The endpoint: server-side broadcasts ({@link Endpoint#broadcast}) and disconnects. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Drains with the server's {@link ServerOptions#drain() drain options}; see {@link #drain(DrainOptions)}. */
    public DrainHandle drain() {
        return drain(options.drain());
    }

    /**
     * Drains this node so that its clients move to other nodes without a reconnect storm:
     * {@code /health} answers 503 {@code draining} at once, the listener closes after
     * {@code healthGrace}, then the connections are closed with 1012 {@code server draining:
     * reconnect} in batches spread up to the deadline, and joins meanwhile are refused with
     * {@code {"reason":"server draining"}}. Returns at once; the handle's future completes when no
     * connection is left or at the deadline. The server keeps its threads until {@link #close()}.
     *
     * <p>Only the first call starts a drain: later ones (with any options) return the running one's handle.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized DrainHandle drain(DrainOptions drainOptions) {
        Objects.requireNonNull(drainOptions, "drainOptions");
        if (serverChannel == null) {
            throw new IllegalStateException("the server has not started");
        }
        if (drainer == null) {
            int open = shards.openConnections();
            Channel listener = serverChannel;
            drainer = new Drainer(drainOptions, endpoint, shards, () -> listener.close().awaitUninterruptibly(),
                    health::watched, drainStats);
            return new DrainHandle(open, drainer.start().whenComplete((result, failure) -> drained.complete(result)));
        }
        return new DrainHandle(-1, drainer.result());
    }

    /** Completes when a drain has ended, whoever started it ({@code POST /api/drain}, a signal, the application). */
    public CompletableFuture<DrainResult> drained() {
        return drained;
    }

    /** True once a drain has started. */
    public boolean draining() {
        return endpoint.isDraining();
    }

    /** Blocks until the server is closed. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    /**
     * Stops accepting, closes every connection with 1012 ("server restarting", so clients
     * reconnect, elsewhere if there is an elsewhere) and releases the threads.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (drainer != null) {
                drainer.cancel();
            }
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            shards.closeAll(CloseReason.SERVICE_RESTART);
        }
        shutdownGroups();
        if (ownsEndpoint) {
            endpoint.close();
        }
    }

    private void shutdownGroups() {
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Assembles {@link ServerOptions}: each setter replaces one value of one options record, whose
     * constructor validates it (an {@link IllegalArgumentException} names the option and the
     * value); defaults are the records'.
     */
    public static final class Builder {
        private ListenOptions listen = ListenOptions.DEFAULTS;
        private final List<SocketDefinition> sockets = new ArrayList<>();
        private HttpOptions http = HttpOptions.DEFAULTS;
        private PublishApiOptions publishApi = PublishApiOptions.DEFAULTS;
        private OutboundOptions outbound = OutboundOptions.DEFAULTS;
        private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        private LongPollOptions longPollOptions = LongPollOptions.DEFAULTS;
        private boolean longPoll = true;
        private WebSocketOptions webSocket = WebSocketOptions.DEFAULTS;
        private OriginPolicy originPolicy = OriginPolicy.sameHost();
        private TlsConfig tls;
        private NodeIdentity node = NodeIdentity.DEFAULTS;
        private DrainOptions drain = DrainOptions.DEFAULTS;
        private boolean drainApi;
        private AdminOptions admin = AdminOptions.DEFAULTS;
        private Endpoint endpoint;
        private PrometheusMeterRegistry meterRegistry;

        private Builder() {}

        /** See {@link ListenOptions#host()}. */
        public Builder host(String host) {
            this.listen = listen.withHost(host);
            return this;
        }

        /** See {@link ListenOptions#port()}. */
        public Builder port(int port) {
            this.listen = listen.withPort(port);
            return this;
        }

        /** See {@link ListenOptions#ioThreads()}. */
        public Builder ioThreads(int threads) {
            this.listen = listen.withIoThreads(threads);
            return this;
        }

        /** See {@link ListenOptions#acceptBacklog()}. */
        public Builder acceptBacklog(int backlog) {
            this.listen = listen.withAcceptBacklog(backlog);
            return this;
        }

        /** Mounts a socket; its transports live at {@code path/websocket} and {@code path/longpoll}. */
        public Builder socket(SocketDefinition socket) {
            for (SocketDefinition s : sockets) {
                if (s.path().equals(socket.path())) {
                    throw new IllegalArgumentException("two sockets mounted at " + socket.path());
                }
            }
            sockets.add(socket);
            return this;
        }

        /** Shares an endpoint (PubSub, workers, cluster bus) instead of creating an in-memory one. */
        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** See {@link PublishApiOptions#enabled()}. */
        public Builder broadcastApi(boolean enabled) {
            this.publishApi = publishApi.withEnabled(enabled);
            return this;
        }

        /** See {@link AdminOptions#enabled()}: the admin API and the dashboard at {@code /dashboard}. */
        public Builder adminApi(boolean enabled) {
            this.admin = admin.withEnabled(enabled);
            return this;
        }

        /** See {@link AdminOptions#adminKey()}; null removes the key (loopback clients only). */
        public Builder adminKey(String key) {
            this.admin = admin.withAdminKey(key);
            return this;
        }

        /** See {@link PublishApiOptions#apiKey()}; null removes the key. */
        public Builder apiKey(String key) {
            this.publishApi = publishApi.withApiKey(key);
            return this;
        }

        /** See {@link HttpOptions#staticResources()}. */
        public Builder staticResources(String classpathDirectory) {
            this.http = http.withStaticResources(classpathDirectory);
            return this;
        }

        /** See {@link HttpOptions#maxBodyBytes()}. */
        public Builder maxHttpBodyBytes(int bytes) {
            this.http = http.withMaxBodyBytes(bytes);
            return this;
        }

        /** See {@link OutboundOptions#maxOutboundBytes()}. */
        public Builder maxOutboundBytes(long bytes) {
            this.outbound = outbound.withMaxOutboundBytes(bytes);
            return this;
        }

        /** All outbound bounds at once; see {@link OutboundOptions}. */
        public Builder outbound(OutboundOptions options) {
            this.outbound = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Serves the long-poll transport at {@code path/longpoll} of every socket that allows it
         * (default true; see {@link dev.switchboard.socket.SocketOptions#longpoll()}). phoenix.js
         * clients with {@code longPollFallbackMs} use it where WebSockets cannot pass.
         */
        public Builder longPoll(boolean enabled) {
            this.longPoll = enabled;
            return this;
        }

        /** Long-poll timings; see {@link LongPollOptions}. */
        public Builder longPollOptions(LongPollOptions options) {
            this.longPollOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Browser origins allowed to connect over either transport, see {@link OriginPolicy#of}:
         * {@code https://example.com}, {@code //example.com} (any scheme and port),
         * {@code https://*.example.com}, or {@code "*"} for any. Null or empty restores the
         * default: only pages from the server's own host. Requests without an {@code Origin}
         * header (non-browser clients) are always allowed; each refusal is logged with its reason.
         *
         * @throws IllegalArgumentException naming an entry that is not {@code [scheme:]//[*.]host[:port]} or {@code *}
         */
        public Builder allowedOrigins(List<String> origins) {
            this.originPolicy = OriginPolicy.of(origins);
            return this;
        }

        /** See {@link NodeIdentity#nodeId()}. */
        public Builder nodeId(String nodeId) {
            this.node = node.withNodeId(Objects.requireNonNull(nodeId, "nodeId"));
            return this;
        }

        /** See {@link NodeIdentity#secretKey()}. */
        public Builder secretKey(byte[] secret) {
            this.node = node.withSecretKey(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Serves TLS only ({@code https://}, {@code wss://}) with these settings (default: null,
         * plain TCP). See {@link TlsConfig#pem} and {@link TlsConfig#selfSigned}.
         */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** All connection limits at once; see {@link ConnectionLimits}. */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** See {@link ConnectionLimits#maxConnections()}. */
        public Builder maxConnections(int max) {
            this.limits = limits.withMaxConnections(max);
            return this;
        }

        /** See {@link ConnectionLimits#maxConnectionsPerIp()}. */
        public Builder maxConnectionsPerIp(int max) {
            this.limits = limits.withMaxConnectionsPerIp(max);
            return this;
        }

        /** See {@link ConnectionLimits#handshakeTimeout()}. */
        public Builder handshakeTimeout(Duration timeout) {
            this.limits = limits.withHandshakeTimeout(timeout);
            return this;
        }

        /** How {@link SwitchboardServer#drain()} drains; see {@link DrainOptions}. */
        public Builder drain(DrainOptions options) {
            this.drain = Objects.requireNonNull(options, "options");
            return this;
        }

        /** See {@link ServerOptions#drainApi()}. */
        public Builder drainApi(boolean enabled) {
            this.drainApi = enabled;
            return this;
        }

        /** See {@link OutboundOptions#maxOutboundAge()}. */
        public Builder maxOutboundAge(Duration age) {
            this.outbound = outbound.withMaxOutboundAge(age);
            return this;
        }

        /** See {@link WebSocketOptions#compression()}. */
        public Builder compression(boolean enabled) {
            this.webSocket = webSocket.withCompression(enabled);
            return this;
        }

        /** See {@link WebSocketOptions#compressMinBytes()}. */
        public Builder compressMinBytes(int bytes) {
            this.webSocket = webSocket.withCompressMinBytes(bytes);
            return this;
        }

        /**
         * The registry {@code GET /metrics} exposes (default: a new one per server). The server
         * binds its own meters to it, and those of any Micrometer {@code MeterBinder} among the
         * endpoint's PubSub, bus and health checks; give one to add the application's meters.
         */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The options as assembled so far. */
        public ServerOptions options() {
            return new ServerOptions(listen, sockets, http, publishApi, outbound, limits, longPollOptions, longPoll,
                    webSocket, originPolicy, tls, node, drain, drainApi, admin);
        }

        /** @throws IllegalStateException when there is nothing to serve */
        public SwitchboardServer build() {
            return new SwitchboardServer(options(), endpoint, meterRegistry);
        }
    }
}
