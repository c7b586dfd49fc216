package dev.switchboard.cli;

import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.cli.bridge.ServeBridges;
import dev.switchboard.cli.demo.DemoApp;
import dev.switchboard.cli.demo.DemoBridges;
import dev.switchboard.cluster.NodeIds;
import dev.switchboard.exec.Workers;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.redis.RedisCluster;
import dev.switchboard.redis.RedisConnectException;
import dev.switchboard.redis.RedisOptions;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.server.ListenOptions;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.drain.DrainOptions;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.limits.ConnectionLimits;
import dev.switchboard.server.tls.TlsConfig;
import dev.switchboard.server.tls.TlsConfigException;
import dev.switchboard.server.transport.websocket.WebSocketOptions;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard serve}: runs the demo app (chat page, {@code room:*} channel, publish API). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs a Switchboard server with the demo app.",
            "",
            "Serves a chat page at /, the socket /socket (WebSocket and long-poll transports)"
                    + " with the room:* channel, and the publish API POST /api/broadcast[/{topic}]. Stop it with Ctrl-C"
                    + " or SIGTERM, which drain the clients to other nodes first (as does POST /api/drain).",
            ""
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /** Classpath directory with the chat page, served at {@code /}. */
    static final String WEB_RESOURCES = "web";

    @Spec
    private CommandSpec spec;

    @Mixin
    private DrainFlags drain = new DrainFlags();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ListenOptions.DEFAULT_PORT,
            description = "TCP port to listen on; 0 picks a free port.")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = ListenOptions.DEFAULT_HOST,
            description = "Address to listen on; 0.0.0.0 for every interface.")
    private String host;

    @Option(names = "--allowed-origins", paramLabel = "ORIGIN", split = ",", showDefaultValue = Visibility.NEVER,
            description = {
                "Browser origins allowed to connect over either transport, comma-separated;"
                        + " each is scheme://host[:port] such as https://chat.example.com, or * for any origin.",
                "Default: only pages from this server's own host. Clients that send no Origin header"
                        + " (not browsers) are always allowed."
            })
    private List<String> allowedOrigins;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain (leaf first); serves https:// and wss:// only. Needs --tls-key.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key for --tls-cert, unencrypted PKCS#8 (BEGIN PRIVATE KEY);"
                    + " convert others with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key-pkcs8.pem")
    private Path tlsKey;

    @Option(names = "--tls-self-signed",
            description = "Serve https:// and wss:// with a certificate for localhost generated at start-up"
                    + " (development only; its SHA-256 fingerprint is printed).")
    private boolean tlsSelfSigned;

    @Option(names = "--redis", paramLabel = "URI",
            description = {"Join a cluster: share broadcasts, long-poll sessions and presence with every node"
                    + " on this Redis, e.g. redis://127.0.0.1:6379 (rediss:// for TLS, redis://:password@host:port).",
                "Put a load balancer in front of the nodes; see docs/CLUSTER.md."})
    private String redis;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name in the cluster, unique among the nodes: 1-64 characters of"
                    + " [A-Za-z0-9._:-]. Default: random at each start.")
    private String nodeName;

    @Option(names = "--redis-sharded",
            description = "Use Redis 7 sharded pub/sub (SPUBLISH/SSUBSCRIBE), for Redis Cluster. Every node must agree.")
    private boolean redisSharded;

    @Option(names = "--redis-prefix", paramLabel = "PREFIX", defaultValue = "switchboard",
            description = "Prefix of this cluster's Redis channels and keys; several clusters can share one Redis"
                    + " under different prefixes.")
    private String redisPrefix;

    @Option(names = "--secret-key", paramLabel = "KEY", defaultValue = "${env:SWITCHBOARD_SECRET_KEY}",
            showDefaultValue = Visibility.NEVER,
            description = {"Secret (at least 32 characters) that signs long-poll session tokens; also read from"
                    + " $SWITCHBOARD_SECRET_KEY.",
                "Default: random per start, or with --redis one shared by the cluster's nodes through Redis."})
    private String secretKey;

    @Option(names = "--presence-down-timeout", paramLabel = "SECONDS", defaultValue = "" + PRESENCE_DOWN_TIMEOUT_SECONDS,
            description = "With --redis: a node not heard from for this long is taken as dead, and its presences"
                    + " leave on every other node (within this + 1.5 s).")
    private int presenceDownTimeout;

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            defaultValue = "" + ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_IP,
            description = "Open connections one client address may hold. Behind a load balancer"
                    + " every client shares the balancer's address: raise this there.")
    private int maxConnectionsPerIp;

    @Option(names = "--history-size", paramLabel = "N", defaultValue = "1000",
            description = "Messages each room:* topic keeps for clients that reconnect (they join with the"
                    + " recover param and get what they missed; see docs/RECOVERY.md); 0 keeps none.")
    private int historySize;

    @Option(names = "--history-ttl", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long a room:* topic's history outlives its last message: 90s, 5m, 1h.")
    private Duration historyTtl;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:" + API_KEY_ENV + "}",
            showDefaultValue = Visibility.NEVER,
            description = {
                "Key the publish API requires as 'Authorization: Bearer KEY'; at least 16 characters"
                        + " (generate one with: openssl rand -hex 32).",
                "Default: the environment variable " + API_KEY_ENV + ", which keeps the key out of ps."
                        + " Without a key only clients on this machine (loopback) may publish."
            })
    private String apiKey;

    @Option(names = "--max-outbound-bytes", paramLabel = "BYTES",
            defaultValue = "" + OutboundOptions.DEFAULT_MAX_OUTBOUND_BYTES,
            description = "Unsent bytes one connection may owe its client before it is closed as a slow consumer"
                    + " (1013; the client reconnects and, with recovery, catches up).")
    private long maxOutboundBytes;

    @Option(names = "--max-outbound-age", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30s",
            description = "How old a connection's oldest unsent message may get before it is closed as a slow"
                    + " consumer (1013).")
    private Duration maxOutboundAge;

    @Option(names = "--compress",
            description = "permessage-deflate with WebSocket clients that offer it (every browser does): the server's"
                    + " messages of at least --compress-min-bytes go out compressed, each broadcast compressed once"
                    + " for all its subscribers; clients' compressed messages are inflated.")
    private boolean compress;

    @Option(names = "--compress-min-bytes", paramLabel = "BYTES",
            defaultValue = "" + WebSocketOptions.DEFAULT_COMPRESS_MIN_BYTES,
            description = "Smallest message the server compresses under --compress.")
    private int compressMinBytes;

    @Option(names = "--admin-key", paramLabel = "KEY", defaultValue = "${env:" + ADMIN_KEY_ENV + "}",
            showDefaultValue = Visibility.NEVER,
            description = {
                "Key the admin API and the dashboard (/dashboard) require as 'Authorization: Bearer KEY';"
                        + " at least 16 characters, not the --api-key.",
                "Default: the environment variable " + ADMIN_KEY_ENV + "."
                        + " Without a key only clients on this machine (loopback) may use them."
            })
    private String adminKey;

    /** {@code --bridge}: programs behind channels, next to the demo's own (docs/BRIDGE.md). */
    @Mixin
    private ServeBridges bridgeFlags = new ServeBridges();

    /** The environment variable read when {@code --api-key} is absent. */
    static final String API_KEY_ENV = "SWITCHBOARD_API_KEY";
    /** The environment variable read when {@code --admin-key} is absent. */
    static final String ADMIN_KEY_ENV = "SWITCHBOARD_ADMIN_KEY";
    /** {@link PresenceOptions#DEFAULTS}' down timeout, as a constant for the flag's default. */
    static final int PRESENCE_DOWN_TIMEOUT_SECONDS = 10;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkTlsOptions();
        List<String> origins = allowedOrigins == null ? null : origins(allowedOrigins);

        // Map each flag onto the builder; the options records validate, and a refusal names the flag.
        HistoryOptions history = historySize == 0 ? null // no history: rooms behave as plain Phoenix topics
                : flag("--history-size/--history-ttl", () -> HistoryOptions.of(historySize, historyTtl));
        Bridges bridges = bridgeFlags.build(spec.commandLine(), DemoBridges.defaults());
        SwitchboardServer.Builder config = demo(history, bridges);
        flag("--host", () -> config.host(host));
        flag("--port", () -> config.port(port));
        if (origins != null) {
            flag("--allowed-origins", () -> config.allowedOrigins(origins));
        }
        if (apiKey != null) {
            boolean fromFlag = spec.commandLine().getParseResult().hasMatchedOption("--api-key");
            flag(fromFlag ? "--api-key" : API_KEY_ENV, () -> config.apiKey(apiKey));
        }
        if (adminKey != null) {
            boolean fromFlag = spec.commandLine().getParseResult().hasMatchedOption("--admin-key");
            flag(fromFlag ? "--admin-key" : ADMIN_KEY_ENV, () -> config.adminKey(adminKey));
            flag(fromFlag ? "--admin-key" : ADMIN_KEY_ENV, config::options); // differs from the publish key
        }
        flag("--max-connections-per-ip", () -> config.maxConnectionsPerIp(maxConnectionsPerIp));
        flag("--drain-*", () -> config.drain(drain.options()));
        flag("--max-outbound-bytes", () -> config.maxOutboundBytes(maxOutboundBytes));
        flag("--max-outbound-age", () -> config.maxOutboundAge(maxOutboundAge));
        config.compression(compress);
        flag("--compress-min-bytes", () -> config.compressMinBytes(compressMinBytes));
        if (secretKey != null && !secretKey.isEmpty()) {
            flag("--secret-key", () -> config.secretKey(secretKey.getBytes(StandardCharsets.UTF_8)));
        }
        TlsConfig tls;
        try {
            tls = tls();
        } catch (TlsConfigException e) {
            err.println(e.getMessage());
            err.flush();
            log.debug("TLS setup failed", e);
            return 1;
        }
        config.tls(tls);
        Cluster cluster;
        try {
            cluster = cluster(config);
        } catch (RedisConnectException e) {
            err.println(e.getMessage());
            err.flush();
            log.debug("Redis connection failed", e);
            return 1;
        }
        SwitchboardServer server;
        try {
            server = config.build().start();
        } catch (Exception e) {
            cluster.close();
            bridges.close();
            err.println(startFailure(e));
            err.flush();
            log.debug("server start failed", e);
            return 1;
        }

        bridges.attach(server);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                drainThenClose(server, bridges, cluster);
            } finally {
                stopped.countDown();
                // Stopping was asked for and done: exit 0, not the 143 of a JVM ended by SIGTERM.
                Runtime.getRuntime().halt(0);
            }
        }, "switchboard-shutdown"));
        out.print(addresses(host, server.port(), tls));
        out.println(cluster.describe(server.nodeId()));
        out.println("Browser origins allowed: " + describeOrigins(origins) + ".");
        out.println(describePublishApi(apiKey != null));
        out.println(describeDashboard(adminKey != null));
        out.println(ServeBridges.describe(bridges));
        out.println("Network transport: " + server.transportName() + ". Press Ctrl-C to stop (the clients are drained first).");
        out.flush();

        // Until a signal's shutdown hook has finished, or a drain asked for over HTTP has; then
        // exiting runs the hook, which finds the drain done and closes.
        while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
            if (server.drained().isDone()) {
                return 0;
            }
        }
        return 0;
    }

    /** Drains (or waits for the drain under way), then closes the server and the cluster connection. */
    private static void drainThenClose(SwitchboardServer server, Bridges bridges, Cluster cluster) {
        try {
            DrainOptions options = server.options().drain();
            server.drain().done().get(options.deadline().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Drain did not finish; closing anyway: {}", e.toString());
        } finally {
            server.close();
            bridges.close();
            cluster.close();
        }
    }

    /** The cluster this node joins (with --redis), or a single node; closed after the server. */
    private record Cluster(Endpoint endpoint, String description) {
        void close() {
            if (endpoint != null) {
                endpoint.close(); // its PubSub and bus: the Redis connections
            }
        }

        String describe(String nodeId) {
            return description.replace("{node}", nodeId);
        }
    }

    /**
     * With --redis: connects (failing fast, naming the URI, when Redis cannot be reached), and
     * gives the server the cluster's endpoint and the long-poll secret every node shares.
     */
    private Cluster cluster(SwitchboardServer.Builder config) {
        if (nodeName != null) {
            flag("--node-name", () -> NodeIds.require(nodeName));
        }
        if (redis == null) {
            if (redisSharded) {
                throw new ParameterException(spec.commandLine(), "--redis-sharded needs --redis");
            }
            if (nodeName != null) {
                config.nodeId(nodeName);
            }
            return new Cluster(null, "Node {node}: single node (add --redis to join a cluster).");
        }
        RedisOptions options = flag("--redis", () -> RedisOptions.builder(redis, nodeName != null ? nodeName : NodeIds.random())
                .prefix(redisPrefix)
                .sharded(redisSharded)
                .build());
        PresenceOptions presence = flag("--presence-down-timeout",
                () -> PresenceOptions.DEFAULTS.withDownTimeout(Duration.ofSeconds(presenceDownTimeout)));
        RedisCluster connected = RedisCluster.connect(options);
        Endpoint endpoint;
        try {
            endpoint = connected.endpoint(Workers.create(Workers.DEFAULT_PLATFORM_THREADS), presence);
            config.endpoint(endpoint);
            if (secretKey == null || secretKey.isEmpty()) {
                config.secretKey(connected.sharedSecret("longpoll"));
            }
        } catch (RuntimeException e) {
            connected.close();
            throw e;
        }
        return new Cluster(endpoint, "Node {node} in cluster '" + redisPrefix + "' on Redis " + options.displayUri()
                + (redisSharded ? " (sharded pub/sub)." : "."));
    }

    /** The banner's first lines: where the demo listens (https/wss with TLS), and the TLS certificate. */
    static String addresses(String host, int port, TlsConfig tls) {
        String authority = hostForUrl(host) + ":" + port;
        String base = (tls == null ? "http://" : "https://") + authority;
        String n = System.lineSeparator();
        String lines = "Switchboard listening on " + base + "  (demo chat: " + base + "/ , socket: "
                + (tls == null ? "ws://" : "wss://") + authority + DemoApp.SOCKET_PATH + "/websocket, long-poll: "
                + base + DemoApp.SOCKET_PATH + "/longpoll)" + n;
        return tls == null ? lines : lines + "TLS: " + tls.describe() + n;
    }

    /** Applies one flag; a value the options refuse is a usage error naming the flag and the reason. */
    private <T> T flag(String name, Supplier<T> apply) {
        try {
            return apply.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), name + ": " + e.getMessage());
        }
    }

    /** The banner line about the publish API: who may use it. */
    static String describePublishApi(boolean keyed) {
        return keyed
                ? "Publish API: POST /api/broadcast[/{topic}] with 'Authorization: Bearer <key>'."
                : "Publish API: POST /api/broadcast[/{topic}] from this machine only (--api-key opens it to other hosts).";
    }

    /** The banner line about the dashboard and the admin API: who may use them. */
    static String describeDashboard(boolean keyed) {
        return keyed
                ? "Dashboard: /dashboard and the admin API /api/admin/ with 'Authorization: Bearer <admin key>'."
                : "Dashboard: /dashboard and the admin API /api/admin/ from this machine only (--admin-key opens them to other hosts).";
    }

    /** The demo app on the default options: the chat page, the {@code room:*} socket, the publish API. */
    static SwitchboardServer.Builder demo() {
        return demo(DemoApp.ROOM_HISTORY, null);
    }

    /** The demo app with rooms keeping {@code history} (null: none) and bridged programs on its socket (null: none). */
    static SwitchboardServer.Builder demo(HistoryOptions history, Bridges bridges) {
        return SwitchboardServer.builder()
                .socket(DemoApp.socket(history, bridges))
                .broadcastApi(true)
                .drainApi(true)
                .adminApi(true)
                .staticResources(WEB_RESOURCES)
                .longPoll(true);
    }

    /** --tls-self-signed excludes --tls-cert/--tls-key, which come as a pair. */
    private void checkTlsOptions() {
        if (tlsSelfSigned && (tlsCert != null || tlsKey != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--tls-self-signed cannot be combined with --tls-cert/--tls-key; choose one");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), tlsCert == null
                    ? "--tls-key needs --tls-cert (the PEM certificate it belongs to)"
                    : "--tls-cert needs --tls-key (the PEM private key of the certificate)");
        }
    }

    /** The TLS settings the options ask for, or null for plain HTTP. */
    private TlsConfig tls() {
        if (tlsSelfSigned) {
            return TlsConfig.selfSigned();
        }
        return tlsCert == null ? null : TlsConfig.pem(tlsCert, tlsKey);
    }

    /** The --allowed-origins list, trimmed; an empty entry ("a,,b", a trailing comma) is a usage error. */
    private List<String> origins(List<String> given) {
        List<String> origins = new ArrayList<>(given.size());
        for (String origin : given) {
            String trimmed = origin.trim();
            if (trimmed.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--allowed-origins has an empty entry: " + String.join(",", given));
            }
            origins.add(trimmed);
        }
        return List.copyOf(origins);
    }

    /** One line a user can act on; no stack trace for the usual causes. */
    private String startFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Netty's native transport reports bind failures as its own IOException type, not
            // BindException, so the OS message is the reliable signal.
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("address already in use")
                    || (t instanceof BindException && !message.contains("assign"))) {
                return "Port " + port + " is already in use on " + host + "; choose another with --port";
            }
            if (message.contains("cannot assign requested address")) {
                return "Cannot listen on " + host + ": no such address on this machine; choose another with --host";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "Cannot resolve host '" + host + "'; choose another with --host";
            }
        }
        return "Could not start Switchboard: " + (e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private static String describeOrigins(List<String> origins) {
        if (origins == null) {
            return "this server's host only (add others with --allowed-origins)";
        }
        return origins.contains("*") ? "any (*)" : String.join(", ", origins);
    }

    /** IPv6 literals need brackets in URLs. */
    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
