package dev.switchboard.server;

import dev.switchboard.server.http.BodySizeLimit;

import dev.switchboard.server.limits.ConnectionCounter;
import dev.switchboard.server.limits.HandshakeDeadline;
import dev.switchboard.server.limits.HandshakeSweeper;
import dev.switchboard.server.limits.LimitCounters;
import dev.switchboard.server.tls.TlsConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.Set;

/**
 * The handlers every accepted connection starts with, in order: the connection limits, TLS, the
 * handshake deadline around the HTTP codec, the body limit, the router. A WebSocket upgrade later
 * replaces everything after the limits (and TLS) with the lean frame pipeline.
 */
final class ConnectionPipeline extends ChannelInitializer<Channel> {
    private final ConnectionCounter limits;
    private final TlsConfig tls;
    private final HandshakeSweeper.Registry deadlines;
    private final LimitCounters limitCounters;
    private final long handshakeNanos;
    private final int maxBodyBytes;
    private final Set<String> corsPaths;
    private final HttpRouter router;

    /**
     * @param tls       null for plain TCP
     * @param corsPaths paths whose error answers (413) carry the long-poll CORS headers
     */
    ConnectionPipeline(ConnectionCounter limits, TlsConfig tls, HandshakeSweeper.Registry deadlines,
                       LimitCounters limitCounters, long handshakeNanos, int maxBodyBytes, Set<String> corsPaths,
                       HttpRouter router) {
        this.limits = limits;
        this.tls = tls;
        this.deadlines = deadlines;
        this.limitCounters = limitCounters;
        this.handshakeNanos = handshakeNanos;
        this.maxBodyBytes = maxBodyBytes;
        this.corsPaths = corsPaths;
        this.router = router;
    }

    @Override
    protected void initChannel(Channel ch) {
        // first: a connection over a limit costs nothing more
        ch.pipeline().addLast("limits", limits);
        if (tls != null) {
            // first after the limits, so everything behind it sees plain HTTP
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        }
        HandshakeDeadline deadline = new HandshakeDeadline(deadlines, limitCounters, handshakeNanos);
        ch.pipeline()
                .addLast("request-bytes", deadline.arrivals())
                .addLast("http-codec", new HttpServerCodec())
                .addLast("handshake-deadline", deadline)
                .addLast("http-aggregator", new BodySizeLimit(maxBodyBytes, corsPaths))
                .addLast("router", router);
    }
}
