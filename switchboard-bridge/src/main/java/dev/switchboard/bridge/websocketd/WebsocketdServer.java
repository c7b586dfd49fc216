package dev.switchboard.bridge.websocketd;

import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.bridge.process.ProcessLimit;
import dev.switchboard.server.http.MetricsRoute;
import dev.switchboard.server.io.IoTransport;
import dev.switchboard.server.tls.TlsConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * websocketd's model on Switchboard's Netty: a plain WebSocket server (no Phoenix protocol) that
 * runs one program per connection and pipes messages to its stdin and its stdout lines back.
 *
 * <pre>{@code
 * try (WebsocketdServer server = WebsocketdServer.start(WebsocketdOptions.builder()
 *         .port(8080).command("cat").build())) {
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>The pipeline per connection: TLS (optional), the HTTP codec with a 10-second deadline for
 * the request, then the {@link RequestRouter}; an upgrade replaces the HTTP handlers with the
 * frame codec and a {@link ProcessConnection}. {@code GET /metrics} shows the bridge's meters.
 */
public final class WebsocketdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebsocketdServer.class);
    static final String HTTP_TIMEOUT = "http-timeout";
    /** Time a client has to send its HTTP request (an upgrade or a file request). */
    private static final int HTTP_TIMEOUT_SECONDS = 10;

    private final WebsocketdOptions options;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BridgeMetrics metrics = new BridgeMetrics("websocketd");
    private final ProcessLimit forks;
    private final Launcher launcher;
    private final ExecutorService spawner;
    private final Set<ProcessConnection> open = ConcurrentHashMap.newKeySet();
    private final IoTransport io = IoTransport.detect();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    private WebsocketdServer(WebsocketdOptions options) {
        this.options = options;
        this.forks = new ProcessLimit("maxforks", options.maxForks());
        this.launcher = new Launcher(options.shutdown(), metrics::killed);
        AtomicInteger n = new AtomicInteger();
        this.spawner = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "bridge-spawn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.bindTo(registry);
        metrics.bindGauge(registry, "switchboard.bridge.connections.open", open::size, "Open WebSocket connections");
    }

    /**
     * Binds and serves.
     *
     * @throws UncheckedIOException with a {@link BindException} cause when the port is taken
     */
    public static WebsocketdServer start(WebsocketdOptions options) {
        WebsocketdServer server = new WebsocketdServer(options);
        server.bind();
        return server;
    }

    private void bind() {
        boss = io.newGroup(1, "bridge-accept");
        workers = io.newGroup(Runtime.getRuntime().availableProcessors(), "bridge-io");
        ProgramUpgrade upgrade = new ProgramUpgrade(options, forks, launcher, metrics, spawner, open);
        StaticDirectory statics = options.staticDir() == null ? null : new StaticDirectory(options.staticDir());
        MetricsRoute metricsRoute = new MetricsRoute(registry);
        TlsConfig tls = options.tls();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(HTTP_TIMEOUT, new ReadTimeoutHandler(HTTP_TIMEOUT_SECONDS))
                                .addLast("http-codec", new HttpServerCodec())
                                .addLast("http-aggregator", new RequestAggregator(64 * 1024))
                                .addLast("router", new RequestRouter(upgrade, statics, metricsRoute,
                                        options.servesPrograms()));
                    }
                });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(options.host(), options.port())).sync().channel();
        } catch (Exception e) {
            close();
            if (e instanceof BindException bind) {
                throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                        + bind.getMessage(), bind);
            }
            if (e instanceof IOException ioe) {
                throw new UncheckedIOException(ioe);
            }
            throw new IllegalStateException("bridge failed to start", e);
        }
        log.info("Bridge listening on {}:{} ({} I/O{})", options.host(), port(), io.name(), tls == null ? "" : ", TLS");
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public WebsocketdOptions options() {
        return options;
    }

    /** The registry {@code GET /metrics} shows. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** Programs running now (started and not yet reaped). */
    public int runningPrograms() {
        return forks.running();
    }

    /** Open WebSocket connections now. */
    public int openConnections() {
        return open.size();
    }

    public String transportName() {
        return io.name();
    }

    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    /**
     * Stops accepting, closes every connection with 1001 ("server shutting down"), and waits
     * (up to the shutdown schedule and a second) for every program to be stopped and reaped.
     */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        for (ProcessConnection c : List.copyOf(open)) {
            c.shutDown();
        }
        long deadline = System.nanoTime() + options.shutdown().total().toNanos() + TimeUnit.SECONDS.toNanos(2);
        while (forks.running() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (forks.running() > 0) {
            log.warn("{} programs still running after shutdown", forks.running());
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        spawner.shutdown();
        launcher.close();
    }
}
