package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import dev.switchboard.security.MessageSigner;
import dev.switchboard.security.OriginPolicy;
import dev.switchboard.server.http.OriginGuard;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testkit.TestEndpoints;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LongPollHandler} and its sessions driven through an {@link EmbeddedChannel}: HTTP requests
 * in (one keep-alive connection, one request at a time), responses out, with the loop's clock
 * moved by the test for poll windows.
 */
class LongPollHandlerEmbeddedTest {
    private static final String PATH = "/socket/longpoll";
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final Endpoint endpoint = TestEndpoints.direct();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Shards shards = new Shards(channel.eventLoop());
    private final SocketDefinition socket = SocketDefinition.builder("/socket")
            .channel("room:*", Room::new, Execution.EVENT_LOOP)
            .build();
    private final LongPollHandler handler = LongPollHandler.create(endpoint, shards,
            LongPollOptions.DEFAULTS.withWindow(WINDOW), new OriginGuard(OriginPolicy.sameHost()), "node-1",
            MessageSigner.randomSecret(), OutboundOptions.DEFAULTS.withMaxOutboundBytes(1 << 20));

    /** Echoes {@code ping} payloads as replies. */
    private static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }
    }

    LongPollHandlerEmbeddedTest() {
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                FullHttpRequest request = (FullHttpRequest) msg;
                String uri = request.uri();
                int q = uri.indexOf('?');
                handler.handle(ctx, request, socket, PATH, q < 0 ? null : uri.substring(q + 1));
            }
        });
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        endpoint.close();
    }

    private JsonNode get(String query) {
        return send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, PATH + "?" + query));
    }

    private JsonNode post(String token, String ndjson) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                PATH + "?vsn=2.0.0&token=" + token, Unpooled.copiedBuffer(ndjson, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, LongPollProtocol.NDJSON);
        return send(request);
    }

    /** Sends one request and returns its answer's JSON body, or null while the poll is parked. */
    private JsonNode send(FullHttpRequest request) {
        channel.writeInbound(request);
        return answer();
    }

    private JsonNode answer() {
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        if (response == null) {
            return null;
        }
        try {
            assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
            return Json.MAPPER.readTree(response.content().toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            response.release();
        }
    }

    /** Opens a session and joins {@code room:a}; returns the session token. */
    private String joined() {
        String token = get("vsn=2.0.0").get("token").asText();
        post(token, "[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
        JsonNode poll = get("vsn=2.0.0&token=" + token);
        assertThat(poll.get("messages").get(0).asText()).contains("phx_reply");
        return token;
    }

    @Test
    void aGetWithoutATokenOpensASessionAnswered410WithItsToken() {
        JsonNode answer = get("vsn=2.0.0");

        assertThat(answer.get("status").asInt()).isEqualTo(410);
        assertThat(answer.get("token").asText()).isNotEmpty();
        assertThat(answer.get("messages")).isEmpty();
        assertThat(shards.of(channel.eventLoop()).connections().size()).isEqualTo(1);
    }

    @Test
    void postedMessagesAreHandledAndTheirRepliesWaitForTheNextPoll() {
        String token = get("vsn=2.0.0").get("token").asText();

        assertThat(post(token, "[\"1\",\"1\",\"room:a\",\"phx_join\",{}]\n[\"1\",\"2\",\"room:a\",\"ping\",{\"n\":1}]")
                .get("status").asInt()).isEqualTo(200);
        JsonNode poll = get("vsn=2.0.0&token=" + token);

        assertThat(poll.get("status").asInt()).isEqualTo(200);
        assertThat(poll.get("messages")).extracting(JsonNode::asText).containsExactly(
                "[\"1\",\"1\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
                "[\"1\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"n\":1}}]");
    }

    @Test
    void aParkedPollIsAnsweredByTheNextBroadcastAtTheEndOfTheBatch() {
        String token = joined();
        assertThat(get("vsn=2.0.0&token=" + token)).as("parked").isNull();

        endpoint.broadcast("room:a", "news", Map.of("n", 1));
        endpoint.broadcast("room:a", "news", Map.of("n", 2));

        assertThat(answer().get("messages")).extracting(JsonNode::asText).containsExactly(
                "[null,null,\"room:a\",\"news\",{\"n\":1}]", "[null,null,\"room:a\",\"news\",{\"n\":2}]");
    }

    @Test
    void aParkedPollWithNothingToSayIsAnswered204AfterTheWindow() {
        channel.freezeTime();
        String token = joined();
        assertThat(get("vsn=2.0.0&token=" + token)).isNull();

        channel.advanceTimeBy(WINDOW.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(answer()).isNull();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(answer().get("status").asInt()).isEqualTo(204);
    }

    @Test
    void aClosedSessionAnswersItsNextPost410AndCountsHowItEnded() {
        String token = joined();
        LongPollSession session = shards.of(channel.eventLoop()).connections().snapshot().stream()
                .map(LongPollSession.class::cast).findFirst().orElseThrow();

        session.idle();

        assertThat(post(token, "[\"1\",\"3\",\"room:a\",\"ping\",{}]").get("status").asInt()).isEqualTo(410);
        assertThat(shards.closes().get(TransportKind.LONGPOLL, CloseReason.Cause.SESSION_EXPIRED)).isEqualTo(1);
    }

    @Test
    void aForeignOriginIsRefused403AndCountedAsRefused() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, PATH + "?vsn=2.0.0");
        request.headers().set(HttpHeaderNames.ORIGIN, "https://evil.example");
        request.headers().set(HttpHeaderNames.HOST, "chat.example");

        assertThat(send(request).get("status").asInt()).isEqualTo(403);
        assertThat(shards.closes().get(TransportKind.LONGPOLL, CloseReason.Cause.REFUSED)).isEqualTo(1);
    }

    @Test
    void anUnsupportedVersionIsRefused403() {
        assertThat(get("vsn=3.0.0").get("status").asInt()).isEqualTo(403);
    }
}
