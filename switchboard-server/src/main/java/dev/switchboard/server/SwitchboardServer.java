package dev.switchboard.server;

import dev.switchboard.cluster.NodeIds;
import dev.switchboard.security.MessageSigner;
import dev.switchboard.security.OriginPolicy;
import dev.switchboard.server.http.ApiKeyCheck;
import dev.switchboard.server.http.BroadcastApi;
import dev.switchboard.server.http.HealthRoute;
import dev.switchboard.server.http.HttpRouter;
import dev.switchboard.server.http.MetricsRoute;
import dev.switchboard.server.http.OriginGuard;
import dev.switchboard.server.http.StaticFiles;
import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.IdleSweeper;
import dev.switchboard.server.io.IoTransport;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.limits.ConnectionCounter;
import dev.switchboard.server.limits.ConnectionLimits;
import dev.switchboard.server.limits.HandshakeSweeper;
import dev.switchboard.server.limits.LimitCounters;
import dev.switchboard.server.metrics.ServerMetrics;
import dev.switchboard.server.tls.TlsConfig;
import dev.switchboard.server.transport.longpoll.LongPollHandler;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import dev.switchboard.server.transport.longpoll.SessionToken;
import dev.switchboard.server.transport.websocket.WebSocketFrames;
import dev.switchboard.server.transport.websocket.WebSocketUpgrade;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private final Builder config;
    private final Endpoint endpoint;
    private final boolean ownsEndpoint;
    private final IoTransport io;
    private final LimitCounters limitCounters = new LimitCounters();
    private final PrometheusMeterRegistry meterRegistry;
    private ConnectionCounter connections;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private Shards shards;

    private SwitchboardServer(Builder b) {
        this.config = b;
        this.ownsEndpoint = b.endpoint == null;
        this.endpoint = ownsEndpoint ? Endpoint.inMemory(b.nodeId != null ? b.nodeId : NodeIds.random()) : b.endpoint;
        if (b.nodeId != null && !b.nodeId.equals(endpoint.nodeId())) {
            throw new IllegalArgumentException("nodeId " + b.nodeId + " differs from the endpoint's node id "
                    + endpoint.nodeId() + "; name the node on the endpoint's bus");
        }
        this.io = IoTransport.detect();
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException with a {@link BindException} cause when the address is in use
     */
    public SwitchboardServer start() {
        boss = io.newGroup(1, "switchboard-accept");
        workers = io.newGroup(config.ioThreads, "switchboard-io");
        shards = new Shards(workers, WebSocketFrames::write);
        WebSocketUpgrade upgrade = new WebSocketUpgrade(endpoint, shards, config.maxOutboundBytes, config.compression);
        OriginGuard origins = new OriginGuard(config.originPolicy);
        LongPollHandler longPoll = longPoll(origins);
        HttpRouter router = new HttpRouter(config.sockets, upgrade, longPoll, origins,
                config.broadcastApi ? new BroadcastApi(endpoint, ApiKeyCheck.of(config.apiKey)) : null,
                config.staticResources == null ? null : new StaticFiles(config.staticResources),
                new HealthRoute(endpoint), new MetricsRoute(meterRegistry));
        TlsConfig tls = config.tls;
        ConnectionCounter counter = new ConnectionCounter(config.limits, limitCounters, tls != null);
        connections = counter;
        bindMeters(longPoll);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ConnectionPipeline(counter, tls, new HandshakeSweeper.Registry(), limitCounters,
                        config.limits.handshakeTimeout().toNanos(), config.maxHttpBodyBytes, router.longPollPaths(),
                        router));
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.host, config.port)).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            if (e instanceof BindException bind) {
                throw new UncheckedIOException("cannot listen on " + config.host + ":" + config.port + ": " + bind.getMessage(), bind);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("server failed to start", e);
        }
        log.info("Switchboard listening on {}:{} ({}{} I/O, {} event loops)", config.host, port(),
                tls == null ? "" : "TLS, ", io.name(), shards.size());
        return this;
    }

    /** The server's, the long-poll transport's and the endpoint's meters, on {@link #meterRegistry()}. */
    private void bindMeters(LongPollHandler longPoll) {
        if (longPoll != null) {
            longPoll.bindTo(meterRegistry);
        }
        new ServerMetrics(this::openConnections, limitCounters).bindTo(meterRegistry);
        ServerMetrics.bindEndpoint(endpoint, meterRegistry);
    }

    /** The registry {@code GET /metrics} shows: the one given to the builder, or the server's own. */
    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The long-poll transport, or null when disabled; its sessions are signed with this run's secret. */
    private LongPollHandler longPoll(OriginGuard origins) {
        if (!config.longPoll) {
            return null;
        }
        byte[] secret = config.secretKey != null ? config.secretKey : MessageSigner.randomSecret();
        return LongPollHandler.create(endpoint, shards, config.longPollOptions, origins, endpoint.nodeId(), secret,
                config.maxOutboundBytes);
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
        return config.host;
    }

    /** The TLS settings, when the port speaks {@code https://}/{@code wss://} only. */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(config.tls);
    }

    /** {@code "epoll"} or {@code "nio"}. */
    public String transportName() {
        return io.name();
    }

    /** The endpoint: server-side broadcasts ({@link Endpoint#broadcast}) and disconnects. */
    public Endpoint endpoint() {
        return endpoint;
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
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            closeConnections();
        }
        shutdownGroups();
        if (ownsEndpoint) {
            endpoint.close();
        }
    }

    private void closeConnections() {
        List<io.netty.util.concurrent.Future<?>> done = new ArrayList<>();
        for (EventLoopShard shard : shards.all()) {
            done.add(shard.loop().submit(() -> {
                for (IdleSweeper.Watched w : shard.sweeper().snapshot()) {
                    if (w instanceof Transport t) {
                        t.close(CloseReason.SERVICE_RESTART);
                    }
                }
            }));
        }
        for (io.netty.util.concurrent.Future<?> f : done) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
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

    /** Server settings; each has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 4000;
        private final List<SocketDefinition> sockets = new ArrayList<>();
        private Endpoint endpoint;
        private boolean broadcastApi;
        private String apiKey;
        private String staticResources;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int maxHttpBodyBytes = 1024 * 1024;
        private long maxOutboundBytes = 16L * 1024 * 1024;
        private boolean longPoll = true;
        private LongPollOptions longPollOptions = LongPollOptions.DEFAULTS;
        private OriginPolicy originPolicy = OriginPolicy.sameHost();
        private String nodeId;
        private byte[] secretKey;
        private TlsConfig tls;
        private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        private boolean compression;
        private PrometheusMeterRegistry meterRegistry;

        private Builder() {}

        /** Address to bind (default 127.0.0.1; use 0.0.0.0 to accept remote clients). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind (default 4000; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
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

        /** Shares an endpoint (PubSub and workers) instead of creating an in-memory one. */
        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Enables the HTTP publish API, {@code POST /api/broadcast/{topic}} and the batch
         * {@code POST /api/broadcast} (default off); see {@link BroadcastApi} and {@link #apiKey}.
         */
        public Builder broadcastApi(boolean enabled) {
            this.broadcastApi = enabled;
            return this;
        }

        /**
         * The key the publish API ({@link #broadcastApi}) requires as {@code Authorization: Bearer KEY}
         * (default: none, and then the API answers only clients connecting from a loopback address,
         * with 403 for everyone else, so a server listening on 0.0.0.0 never exposes an open publish
         * API). At least {@value ApiKeyCheck#MIN_KEY_LENGTH} visible ASCII characters; null removes
         * the key. Has no effect unless the API is enabled.
         *
         * @throws IllegalArgumentException when the key is too short or holds spaces or control characters
         */
        public Builder apiKey(String key) {
            this.apiKey = key == null ? null : ApiKeyCheck.validateKey(key);
            return this;
        }

        /** Serves files from this classpath directory at {@code /} (default: none). */
        public Builder staticResources(String classpathDirectory) {
            this.staticResources = classpathDirectory;
            return this;
        }

        /** Event loops, one per core by default (each connection lives on one). */
        public Builder ioThreads(int threads) {
            if (threads < 1 || threads > dev.switchboard.exec.Shard.MAX_SHARDS) {
                throw new IllegalArgumentException("ioThreads must be 1.." + dev.switchboard.exec.Shard.MAX_SHARDS);
            }
            this.ioThreads = threads;
            return this;
        }

        /** Largest HTTP request body (default 1 MiB); larger requests get 413 with a JSON reason naming this limit. */
        public Builder maxHttpBodyBytes(int bytes) {
            this.maxHttpBodyBytes = bytes;
            return this;
        }

        /**
         * Unsent bytes one connection may accumulate before it is disconnected as a slow
         * consumer (default 16 MiB).
         */
        public Builder maxOutboundBytes(long bytes) {
            this.maxOutboundBytes = bytes;
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

        /** Long-poll timings: poll window, session lifetime, token max age (defaults as Phoenix). */
        public Builder longPollOptions(LongPollOptions options) {
            this.longPollOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Browser origins allowed to connect over either transport: entries such as
         * {@code https://example.com}, {@code http://localhost:4000}, {@code //example.com} (any
         * scheme and port) or {@code https://*.example.com} (the domain and all its subdomains),
         * or {@code "*"} for any; see {@link OriginPolicy}.
         * Null or empty restores the default: only pages from the server's own host (the
         * request's {@code Host}). Requests without an {@code Origin} header (non-browser clients)
         * are always allowed. A refused WebSocket upgrade gets HTTP 403, a refused long-poll
         * request {@code {"status":403}}; each refusal is logged at INFO with the reason.
         *
         * @throws IllegalArgumentException naming an entry that is not {@code [scheme:]//[*.]host[:port]} or {@code *}
         */
        public Builder allowedOrigins(List<String> origins) {
            this.originPolicy = OriginPolicy.of(origins);
            return this;
        }

        /**
         * This node's id, 1–64 characters of {@code [A-Za-z0-9._:-]} (default: random for each
         * server, so two servers in one JVM are two nodes). Long-poll session tokens name it, so
         * a cluster can route a poll that reaches another node to the owner. With a shared
         * {@link #endpoint}, the node id is its bus's ({@link Endpoint#nodeId()}); a different one
         * here is an error.
         */
        public Builder nodeId(String nodeId) {
            if (nodeId == null || !SessionToken.NODE_ID.matcher(nodeId).matches()) {
                throw new IllegalArgumentException("node id must be 1-64 characters of [A-Za-z0-9._:-]: " + nodeId);
            }
            this.nodeId = nodeId;
            return this;
        }

        /**
         * The secret that signs session tokens, at least 32 bytes (default: random per start, so
         * tokens die with the process). Give every node of a cluster the same secret.
         */
        public Builder secretKey(byte[] secret) {
            if (secret == null || secret.length < MessageSigner.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("secretKey needs at least " + MessageSigner.MIN_SECRET_BYTES + " bytes");
            }
            this.secretKey = secret.clone();
            return this;
        }

        /**
         * Serves TLS only ({@code https://}, {@code wss://}) with these settings (default: null,
         * plain TCP). See {@link TlsConfig#pem} and {@link TlsConfig#selfSigned}. A client that
         * speaks plain HTTP to a TLS port is disconnected; one that does not finish its handshake
         * within {@link TlsConfig#HANDSHAKE_TIMEOUT} is too.
         */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** All connection limits at once (default {@link ConnectionLimits#DEFAULTS}). */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Open TCP connections the server accepts (default
         * {@value ConnectionLimits#DEFAULT_MAX_CONNECTIONS}); the next gets 503 naming
         * {@code maxConnections}. See {@link ConnectionLimits#maxConnections()}.
         */
        public Builder maxConnections(int max) {
            this.limits = limits.withMaxConnections(max);
            return this;
        }

        /**
         * Open TCP connections one client IP may hold (default
         * {@value ConnectionLimits#DEFAULT_MAX_CONNECTIONS_PER_IP}); the next gets 429 naming
         * {@code maxConnectionsPerIp}. See {@link ConnectionLimits#maxConnectionsPerIp()}.
         */
        public Builder maxConnectionsPerIp(int max) {
            this.limits = limits.withMaxConnectionsPerIp(max);
            return this;
        }

        /**
         * Time a connection has to send a complete HTTP request (default 10 s); then it is closed,
         * with 408 if it sent part of one. See {@link ConnectionLimits#handshakeTimeout()}.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.limits = limits.withHandshakeTimeout(timeout);
            return this;
        }

        /**
         * Accepts permessage-deflate from WebSocket clients that offer it (default off: inflating
         * costs CPU, and the server's own frames are sent uncompressed either way). An inbound
         * message that inflates past the socket's {@code maxFrameBytes} closes it with 1009.
         */
        public Builder compression(boolean enabled) {
            this.compression = enabled;
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

        public SwitchboardServer build() {
            if (sockets.isEmpty() && staticResources == null && !broadcastApi) {
                throw new IllegalStateException("nothing to serve: mount a socket with socket(...)");
            }
            return new SwitchboardServer(this);
        }
    }
}
