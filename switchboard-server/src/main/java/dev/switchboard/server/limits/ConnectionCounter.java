package dev.switchboard.server.limits;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open TCP connections, overall and per client IP, at accept — the first handler of every
 * connection, shared by all of them. A connection over {@link ConnectionLimits#maxConnections()}
 * is answered {@code 503}, one over {@link ConnectionLimits#maxConnectionsPerIp()} {@code 429},
 * each with a plain-text body naming the limit, and closed; on a TLS port (where nothing readable
 * can be said before the handshake) it is just closed. Every refusal is counted and logged at
 * WARN, at most once per 10 s per limit. A counted connection is uncounted when it closes.
 */
@ChannelHandler.Sharable
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCounter.class);
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("switchboard.refused");
    /** How long a refused connection may take to send its request before it is closed anyway. */
    static final long REFUSED_LINGER_MILLIS = 1_000;

    private final ConnectionLimits limits;
    private final LimitCounters counters;
    private final boolean tls;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    private final LimitLog overallWarning = new LimitLog(log);
    private final LimitLog perIpWarning = new LimitLog(log);

    public ConnectionCounter(ConnectionLimits limits, LimitCounters counters, boolean tls) {
        this.limits = limits;
        this.counters = counters;
        this.tls = tls;
    }

    /** Open connections now. */
    public int open() {
        return total.get();
    }

    /** Open connections from this address now. */
    public int open(InetAddress address) {
        return perIp.getOrDefault(address, 0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress ip = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (total.incrementAndGet() > limits.maxConnections()) {
            total.decrementAndGet();
            counters.maxConnections.incrementAndGet();
            overallWarning.warn("Refusing connections: limit maxConnections ({}) reached ({} refused so far)",
                    limits.maxConnections(), counters.maxConnectionsHits());
            refuse(ctx, "503 Service Unavailable", "server connection limit reached (maxConnections "
                    + limits.maxConnections() + "); try again later");
            return;
        }
        if (ip != null && perIp.merge(ip, 1, Integer::sum) > limits.maxConnectionsPerIp()) {
            release(ip);
            counters.maxConnectionsPerIp.incrementAndGet();
            perIpWarning.warn("Refusing connections from {}: limit maxConnectionsPerIp ({}) reached ({} refused so far)",
                    ip.getHostAddress(), limits.maxConnectionsPerIp(), counters.maxConnectionsPerIpHits());
            refuse(ctx, "429 Too Many Requests", "too many connections from your address (maxConnectionsPerIp "
                    + limits.maxConnectionsPerIp() + ")");
            return;
        }
        ctx.channel().closeFuture().addListener(f -> release(ip));
        // Counted: nothing more to do for this connection.
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    private void release(InetAddress ip) {
        if (ip != null) {
            perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        }
        total.decrementAndGet();
    }

    /**
     * Answers at once, then closes once the client's request has been read (closing with unread
     * bytes would reset the connection and could destroy the answer before the client reads it).
     */
    private void refuse(ChannelHandlerContext ctx, String status, String message) {
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        if (tls) {
            ctx.close();
            return;
        }
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body));
        ctx.executor().schedule(() -> ctx.close(), REFUSED_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(REFUSED)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().hasAttr(REFUSED)) {
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
