package dev.switchboard.bridge.websocketd;

import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, minus the {@code Content-Length: 0} it adds to a request that had none:
 * every request header becomes an {@code HTTP_*} variable, and websocketd's programs see no
 * {@code HTTP_CONTENT_LENGTH} on an upgrade.
 */
final class RequestAggregator extends HttpObjectAggregator {
    RequestAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void finishAggregation(FullHttpMessage aggregated) throws Exception {
        boolean had = aggregated.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
        super.finishAggregation(aggregated);
        if (!had && aggregated.content().readableBytes() == 0) {
            aggregated.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
    }
}
