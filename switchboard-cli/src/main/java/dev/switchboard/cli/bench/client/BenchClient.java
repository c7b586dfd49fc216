package dev.switchboard.cli.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bench's connection pool: a few event loops, a WebSocket client bootstrap, connections
 * spread over loopback source addresses, heartbeats for every open connection, and a bounded
 * shutdown. {@link Connector} opens many joined connections at once.
 */
public final class BenchClient implements AutoCloseable {
    private static final int MAX_FRAME = 10_000_000;

    private final ClientOptions options;
    private final ClientTransport transport = ClientTransport.detect();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress[] remotes;
    private final InetAddress[] sources;
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<BenchConnection> open = ConcurrentHashMap.newKeySet();
    /** TCP payload bytes read from servers, every connection, before any inflating. */
    private final LongAdder wireBytes = new LongAdder();

    public BenchClient(ClientOptions options) {
        this.options = options;
        this.remotes = new InetSocketAddress[options.uris().size()];
        for (int i = 0; i < remotes.length; i++) {
            java.net.URI uri = options.uris().get(i);
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            try {
                remotes[i] = new InetSocketAddress(InetAddress.getByName(uri.getHost()), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve " + uri.getHost(), e);
            }
        }
        this.sources = sourceAddresses(remotes[0].getAddress(), options.sourceAddresses());
        this.group = transport.newGroup(options.threads());
        this.bootstrap = new Bootstrap().group(group)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis());
        transport.configure(bootstrap);
        long beat = options.heartbeat().toMillis();
        group.next().scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    private static InetAddress[] sourceAddresses(InetAddress remote, int count) {
        if (count <= 0 || !(remote.isLoopbackAddress() && remote.getAddress().length == 4)) {
            return new InetAddress[0];
        }
        InetAddress[] out = new InetAddress[Math.min(count, 253)];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public ClientOptions options() {
        return options;
    }

    /** Bytes read from the servers so far, as they came over TCP (compressed where compressed). */
    public long wireBytesReceived() {
        return wireBytes.sum();
    }

    /** Counts what a connection reads, first in its pipeline. */
    private final class WireCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                wireBytes.add(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transport.name();
    }

    public EventLoopGroup group() {
        return group;
    }

    public int openConnections() {
        return open.size();
    }

    /** How many source addresses connections are spread over (0: chosen by the OS). */
    public int sourceAddressCount() {
        return sources.length;
    }

    /** Opens one WebSocket connection; completes after the handshake, fails on error or timeout. */
    public CompletableFuture<BenchConnection> connect() {
        int index = counter.getAndIncrement();
        int node = index % remotes.length;
        InetSocketAddress remote = remotes[node];
        BenchConnection conn = new BenchConnection(index);
        long timeout = options.connectTimeout().toMillis();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(options.uris().get(node))
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(timeout)
                .forceCloseTimeoutMillis(2_000)
                .dropPongFrames(true)
                .handleCloseFrames(true)
                // The bench's own scanner reads the frames; validating UTF-8 cost a third of its CPU.
                .withUTF8Validator(false)
                // RSV1 marks a compressed message; the decoder refuses it unless extensions may be used
                .allowExtensions(options.compress())
                .build();
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                conn.attach(ch);
                ch.pipeline().addLast(new WireCounter(), new HttpClientCodec(), new HttpObjectAggregator(65_536));
                if (options.compress()) {
                    ch.pipeline().addLast(new WebSocketClientCompressionHandler(MAX_FRAME));
                }
                ch.pipeline().addLast(new WebSocketClientProtocolHandler(config), conn.new Handler());
                var timer = ch.eventLoop().schedule(() -> {
                    if (conn.handshake().completeExceptionally(new TimeoutException("connect + handshake over " + timeout + " ms"))) {
                        ch.close();
                    }
                }, timeout, TimeUnit.MILLISECONDS);
                // Cancelled at once, so that churn does not pile up thousands of dead timers.
                conn.handshake().whenComplete((c, e) -> timer.cancel(false));
            }
        });
        ChannelFuture cf = sources.length == 0 ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(sources[index % sources.length], 0));
        cf.addListener(f -> {
            if (!f.isSuccess()) conn.handshake().completeExceptionally(f.cause());
        });
        return conn.handshake().whenComplete((c, e) -> {
            if (e == null) {
                open.add(c);
                c.channel().closeFuture().addListener(x -> open.remove(c));
            } else if (conn.channel() != null) {
                conn.channel().close();
            }
        });
    }

    private void heartbeat() {
        String hb = Frames.heartbeat().toString();
        for (BenchConnection c : open) {
            c.channel().writeAndFlush(new TextWebSocketFrame(hb), c.channel().voidPromise());
        }
    }

    /**
     * Waits until every event loop has run everything queued before this call, so that what
     * the loops wrote (counters, histograms) is visible to the caller.
     */
    public void quiesce() {
        for (EventExecutor loop : group) {
            loop.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Closes every connection politely (close frame), then the event loops; bounded to a few seconds. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (BenchConnection c : open) {
            c.channel().eventLoop().execute(() -> c.close(2_000));
        }
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
