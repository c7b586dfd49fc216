package dev.switchboard.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.Set;

/**
 * Netty's {@link HttpObjectAggregator} with a 413 that says why: Netty's own answer is empty, and
 * lacks the CORS header a cross-origin long-poll client needs to read it (the browser reports a
 * network error instead). Here the 413 carries {@code {"error": ...}} naming
 * {@code maxHttpBodyBytes}, and on long-poll paths {@code access-control-allow-origin: *} and
 * {@code cache-control: no-store} like every other long-poll answer.
 *
 * <p>When the connection is closed is Netty's decision, unchanged: closed after the 413 once body
 * bytes have arrived or the client did not ask for keep-alive; otherwise (a declared
 * {@code Content-Length} over the limit, or {@code Expect: 100-continue}) kept open while the
 * body is discarded. One instance per connection.
 */
public final class BodySizeLimit extends HttpObjectAggregator {
    private final int maxBytes;
    private final Set<String> corsPaths;

    /**
     * @param maxBytes  the largest body, {@code maxHttpBodyBytes}
     * @param corsPaths request paths (no query) whose 413 carries the long-poll CORS headers
     */
    public BodySizeLimit(int maxBytes, Set<String> corsPaths) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.corsPaths = Set.copyOf(corsPaths);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof HttpResponse response && start instanceof HttpRequest request
                && response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(answer);
            return tooLarge(request, false); // a 4xx here makes Netty discard the body that follows
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // the same rule as HttpObjectAggregator: a connection whose body is already arriving cannot be reused
        boolean close = oversized instanceof FullHttpMessage || !ctx.channel().config().isAutoRead()
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        FullHttpResponse response = tooLarge(request, close);
        if (close) {
            ctx.writeAndFlush(response).addListener(f -> ctx.close());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /** The 413, built while the request's headers are still readable (the aggregator releases it afterwards). */
    FullHttpResponse tooLarge(HttpRequest request, boolean close) {
        long declared = HttpUtil.getContentLength(request, -1L);
        String reason = (declared > maxBytes ? "request body of " + declared + " bytes" : "request body")
                + " exceeds the limit of " + maxBytes + " bytes (maxHttpBodyBytes)";
        FullHttpResponse response = HttpResponses.jsonErrorResponse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, reason);
        if (corsPaths.contains(path(request.uri()))) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    private static String path(String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int hash = uri.indexOf('#');
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        return uri.substring(0, end);
    }
}
