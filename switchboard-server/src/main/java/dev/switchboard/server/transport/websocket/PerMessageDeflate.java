package dev.switchboard.server.transport.websocket;

import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.SocketDefinition;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * permessage-deflate (RFC 7692, spec §7.5): accepted when the server and the socket enable
 * compression and the client offers it. The answer always carries
 * {@code server_no_context_takeover} (RFC 7692 §7.1.1.1 lets a server add it): each server
 * message is compressed on its own, so a broadcast is compressed once and the same bytes go to
 * every subscriber ({@link MessageDeflater}); messages under the minimum size go out plain (RSV1
 * clear, allowed at any time). Offers that limit the server's window
 * ({@code server_max_window_bits}) are declined — the JDK's deflater always uses the full window —
 * and the next offer is tried, as the RFC asks. Clients' messages are inflated, with their own
 * context as negotiated. Inflating stops at the socket's {@code maxFrameBytes}: a small message
 * that would inflate past it (a deflate bomb) closes the connection with 1009, as an oversized
 * plain message does.
 *
 * <p>Netty's {@code WebSocketServerExtensionHandler} negotiates by watching the upgrade request
 * and response pass by; our upgrade answers later, from the connect callback, so the negotiation
 * is done here with Netty's handshaker and its decoder is placed behind the frame decoder.
 */
final class PerMessageDeflate {
    private static final Logger log = LoggerFactory.getLogger(PerMessageDeflate.class);

    private PerMessageDeflate() {}

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

    /** A negotiated extension: the response header and the inflater to install after the 101. */
    record Accepted(WebSocketServerExtension extension, int maxMessageBytes) {
        HttpHeaders responseHeaders() {
            WebSocketExtensionData data = extension.newReponseData();
            Map<String, String> parameters = new LinkedHashMap<>(data.parameters());
            parameters.putIfAbsent(SERVER_NO_CONTEXT_TAKEOVER, null);
            StringBuilder value = new StringBuilder(data.name());
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                value.append("; ").append(p.getKey());
                if (p.getValue() != null) {
                    value.append('=').append(p.getValue());
                }
            }
            return new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, value.toString());
        }

        void install(ChannelPipeline pipeline, String frameDecoder) {
            pipeline.addAfter(frameDecoder, "ws-inflate", extension.newExtensionDecoder());
            pipeline.addAfter("ws-inflate", "ws-inflate-limit", new InflateLimit(maxMessageBytes));
        }
    }

    /** The first acceptable permessage-deflate offer of the request, or null. */
    static Accepted negotiate(HttpRequest request, SocketDefinition socket) {
        int max = socket.options().maxFrameBytes();
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(
                6, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false,
                WebSocketExtensionFilterProvider.DEFAULT, max);
        for (String header : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
            for (WebSocketExtensionData offer : WebSocketExtensionUtil.extractExtensions(header)) {
                WebSocketServerExtension extension = handshaker.handshakeExtension(offer);
                if (extension != null) {
                    return new Accepted(extension, max);
                }
            }
        }
        return null;
    }

    /**
     * Turns "inflated past maxAllocation" into close 1009, naming the limit: handed on as a
     * {@link CloseReason} event, so the connection closes (and counts) it like every other close.
     */
    static final class InflateLimit extends ChannelInboundHandlerAdapter {
        private final int maxMessageBytes;

        InflateLimit(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof DecompressionException) {
                    log.debug("Closing {}: a compressed message inflates past {} bytes (limit maxFrameBytes)",
                            ctx.channel().remoteAddress(), maxMessageBytes);
                    ctx.fireUserEventTriggered(CloseReason.tooBig("compressed message inflates past "
                            + maxMessageBytes + " bytes"));
                    return;
                }
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
