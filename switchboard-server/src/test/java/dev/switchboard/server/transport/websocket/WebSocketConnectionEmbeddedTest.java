package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testkit.TestEndpoints;
import dev.switchboard.testsupport.ws.Deflate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WebSocketConnection} driven through an {@link EmbeddedChannel}: frames in, complete
 * WebSocket frames (or Netty control frames) out, on a loop the test runs by hand. Netty's own
 * frame decoder and handshake are not part of it; {@code WebSocketConnectionTest} covers the
 * same behaviour over real sockets.
 */
class WebSocketConnectionEmbeddedTest {
    private static final String HEARTBEAT = "[null,\"%d\",\"phoenix\",\"heartbeat\",{}]";

    private final Endpoint endpoint = TestEndpoints.direct();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    /** Decodes what the connection writes, as a client would (server frames are unmasked). */
    private final EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
            WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
    private final Shards shards = new Shards(channel.eventLoop());
    private WebSocketConnection connection;

    /** Echoes {@code ping} payloads as replies; runs on the event loop. */
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

    private void open(SocketOptions options, long maxOutboundBytes) {
        open(options, maxOutboundBytes, null);
    }

    private void open(SocketOptions options, long maxOutboundBytes, MessageDeflater deflater) {
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .channel("room:*", Room::new, Execution.EVENT_LOOP)
                .options(options)
                .build();
        connection = new WebSocketConnection(endpoint, socket, Serializers.v2(),
                (ConnectResult.Accepted) ConnectResult.accept(), shards.of(channel.eventLoop()),
                OutboundOptions.DEFAULTS.withMaxOutboundBytes(maxOutboundBytes), deflater);
        channel.pipeline().addLast(connection);
    }

    private void open() {
        open(SocketOptions.DEFAULTS, 1 << 20);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        client.finishAndReleaseAll();
        endpoint.close();
    }

    /**
     * Runs the loop's queued work (deliveries, the end-of-batch flush) and returns what was
     * written: the text of text frames, the frame type of others.
     */
    private List<String> written() {
        channel.runPendingTasks();
        List<String> texts = new ArrayList<>();
        for (WebSocketFrame frame; (frame = nextFrame()) != null; ) {
            texts.add(frame instanceof TextWebSocketFrame text ? text.text() : frame.getClass().getSimpleName());
            frame.release();
        }
        return texts;
    }

    /**
     * The next frame the connection wrote, decoded as a client decodes it (the connection writes
     * complete frames as bytes, control frames included), or null when there is none.
     */
    private WebSocketFrame nextFrame() {
        Object out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        assertThat(out).as("complete frames, written as bytes").isInstanceOf(ByteBuf.class);
        client.writeInbound(out);
        WebSocketFrame frame = client.readInbound();
        assertThat(frame).as("one whole frame per write").isNotNull();
        assertThat(frame.isFinalFragment()).isTrue();
        return frame;
    }

    private long closed(CloseReason.Cause cause) {
        return shards.closes().get(TransportKind.WEBSOCKET, cause);
    }

    @Test
    void aTextFrameReachesTheSessionAndTheReplyIsOneCompleteFrame() {
        open();
        channel.writeInbound(new TextWebSocketFrame(String.format(HEARTBEAT, 1)));

        assertThat(written()).containsExactly("[null,\"1\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    }

    @Test
    void repliesOfOneBatchLeaveInOneFlush() {
        AtomicInteger flushes = new AtomicInteger();
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) throws Exception {
                flushes.incrementAndGet();
                super.flush(ctx);
            }
        });
        open();
        channel.writeInbound(new TextWebSocketFrame(String.format(HEARTBEAT, 1)),
                new TextWebSocketFrame(String.format(HEARTBEAT, 2)),
                new TextWebSocketFrame(String.format(HEARTBEAT, 3)));

        assertThat(written()).hasSize(3);
        assertThat(flushes).hasValue(1);
    }

    @Test
    void aBroadcastIsWrittenAsTheSharedCompleteFrame() {
        open();
        channel.writeInbound(new TextWebSocketFrame("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]"));
        written();

        endpoint.broadcast("room:a", "news", Map.of("n", 1));

        assertThat(written()).containsExactly("[null,null,\"room:a\",\"news\",{\"n\":1}]");
    }

    @Test
    void withCompressionNegotiatedALargeBroadcastIsOneCompressedFrameAndAShortReplyStaysPlain() throws Exception {
        CompressionStats stats = new CompressionStats();
        open(SocketOptions.DEFAULTS, 1 << 20, new MessageDeflater(64, stats));
        channel.writeInbound(new TextWebSocketFrame("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]"));
        assertThat(written()).as("a 57-byte reply, under the minimum").hasSize(1);

        String text = "a chat message that repeats, ".repeat(20);
        endpoint.broadcast("room:a", "news", Map.of("text", text));
        channel.runPendingTasks();
        ByteBuf frame = channel.readOutbound();
        try {
            assertThat((int) frame.readUnsignedByte()).as("FIN + RSV1 + text opcode").isEqualTo(0xC1);
            int length = frame.readUnsignedByte();
            String expected = "[null,null,\"room:a\",\"news\",{\"text\":\"" + text + "\"}]";
            assertThat(length).as("compressed to well under the %d bytes of the message", expected.length()).isLessThan(126);
            byte[] deflated = new byte[frame.readableBytes()];
            frame.readBytes(deflated);
            assertThat(deflated).hasSize(length);
            assertThat(Deflate.inflate(deflated)).isEqualTo(expected);
            assertThat(stats.messages()).as("the broadcast, counted once; the short reply was not compressed").isEqualTo(1);
            assertThat(stats.bytesIn()).isEqualTo(expected.length());
            assertThat(stats.bytesOut()).isEqualTo(length);
        } finally {
            frame.release();
        }
    }

    @Test
    void aFragmentedMessageIsReassembledIntoOne() {
        open();
        String heartbeat = String.format(HEARTBEAT, 7);
        channel.writeInbound(new TextWebSocketFrame(false, 0, heartbeat.substring(0, 10)),
                new ContinuationWebSocketFrame(false, 0, heartbeat.substring(10, 20)),
                new ContinuationWebSocketFrame(true, 0, heartbeat.substring(20)));

        assertThat(written()).containsExactly("[null,\"7\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    }

    @Test
    void aProtocolPingIsAnsweredWithAPongAtOnce() {
        open();
        channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8)));

        PongWebSocketFrame pong = (PongWebSocketFrame) nextFrame();
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
        pong.release();
    }

    @Test
    void aClientCloseIsEchoedAndCountedAsTheClients() {
        open();
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));

        CloseWebSocketFrame echo = (CloseWebSocketFrame) nextFrame();
        assertThat(echo.statusCode()).isEqualTo(1000);
        echo.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(closed(CloseReason.Cause.CLIENT_CLOSED)).isEqualTo(1);
        assertThat(shards.of(channel.eventLoop()).connections().size()).isZero();
    }

    @Test
    void aContinuationWithoutAMessageIsClosedAsAProtocolError() {
        open();
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, "stray"));

        assertClosedWith(1002, "continuation frame without a message to continue");
        assertThat(closed(CloseReason.Cause.PROTOCOL_ERROR)).isEqualTo(1);
    }

    @Test
    void aFragmentedMessageOverTheLimitIsClosedWith1009NamingIt() {
        open(SocketOptions.DEFAULTS.withMaxFrameBytes(1024), 1 << 20);
        channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[800])),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[800])));

        assertClosedWith(1009, "message larger than 1024 bytes");
        assertThat(closed(CloseReason.Cause.OVERSIZED)).isEqualTo(1);
    }

    @Test
    void anUndecodableMessageIsClosedWith1011NamingTheProblem() {
        open();
        channel.writeInbound(new TextWebSocketFrame("[1,2]"));

        CloseWebSocketFrame close = (CloseWebSocketFrame) nextFrame();
        assertThat(close.statusCode()).isEqualTo(1011);
        assertThat(close.reasonText()).startsWith("invalid message:");
        close.release();
        assertThat(closed(CloseReason.Cause.UNDECODABLE)).isEqualTo(1);
    }

    /** Well-formed UTF-8 passes the check and reaches the decoder, which refuses it as no Phoenix message (1011). */
    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "café", "€ and ✓", "😀 outside the BMP", "\u0000", "\uFFFF", "\uD83F\uDFFF"})
    void wellFormedUtf8PassesTheCheck(String text) {
        open();
        channel.writeInbound(new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));

        assertThat(closeCode()).as("decoded, not refused as UTF-8").isEqualTo(1011);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80",           // a continuation byte first
        "C0AF",         // overlong '/'
        "C1BF",         // overlong
        "E080AF",       // overlong three-byte
        "EDA080",       // a UTF-16 surrogate (U+D800)
        "F08280AF",     // overlong four-byte
        "F4908080",     // above U+10FFFF
        "F5808080",     // no such lead byte
        "C3",           // truncated two-byte
        "E282",         // truncated three-byte
        "F09F98",       // truncated four-byte
        "C328",         // a lead byte without its continuation
        "61FF62"        // 0xFF never appears
    })
    void malformedUtf8ClosesWith1007(String hex) {
        open();
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));

        assertClosedWith(1007, "text message is not valid UTF-8");
        assertThat(closed(CloseReason.Cause.UNDECODABLE)).isEqualTo(1);
    }

    @Test
    void aFragmentedTextMessageIsCheckedWhole() {
        open();
        // "é" split between two fragments: each alone is malformed, the message is not.
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {e[0]})),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {e[1]})));

        assertThat(closeCode()).as("decoded, not refused as UTF-8").isEqualTo(1011);
    }

    /** The status code of the close frame the connection ended with. */
    private int closeCode() {
        channel.runPendingTasks();
        int code = -1;
        for (WebSocketFrame frame; (frame = nextFrame()) != null; ) {
            if (frame instanceof CloseWebSocketFrame close) {
                code = close.statusCode();
            }
            frame.release();
        }
        return code;
    }

    @Test
    void theIdleCallbackClosesWith1001AndCountsAnIdleTimeout() {
        open();
        connection.idle();

        assertClosedWith(1001, "idle timeout");
        assertThat(closed(CloseReason.Cause.IDLE_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aClientThatFallsPastTheOutboundBoundGets1013AndIsDroppedAfterTheGrace() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(512, 1024));
        open(SocketOptions.DEFAULTS, 2048);
        // Replies pile up unflushed within one batch, as behind a client that stopped reading.
        Object[] frames = new Object[100];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new TextWebSocketFrame(String.format(HEARTBEAT, i));
        }
        channel.writeInbound(frames);
        List<String> out = written();

        assertThat(out.get(out.size() - 1)).isEqualTo("CloseWebSocketFrame");
        assertThat(out).hasSizeLessThan(101).as("nothing is queued after the close");
        channel.advanceTimeBy(WebSocketConnection.SLOW_CONSUMER_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(closed(CloseReason.Cause.SLOW_CONSUMER)).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionCountsAsLostAndEndsTheSession() {
        open();
        channel.writeInbound(new TextWebSocketFrame("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]"));
        written();

        channel.close();

        assertThat(closed(CloseReason.Cause.CONNECTION_LOST)).isEqualTo(1);
        endpoint.broadcast("room:a", "news", Map.of("n", 1));
        assertThat(written()).as("unsubscribed with the session").isEmpty();
    }

    private void assertClosedWith(int code, String reason) {
        channel.runPendingTasks();
        List<WebSocketFrame> out = new ArrayList<>();
        for (WebSocketFrame frame; (frame = nextFrame()) != null; ) {
            out.add(frame);
        }
        assertThat(out).last().isInstanceOfSatisfying(CloseWebSocketFrame.class, close -> {
            assertThat(close.statusCode()).isEqualTo(code);
            assertThat(close.reasonText()).isEqualTo(reason);
        });
        out.forEach(WebSocketFrame::release);
        assertThat(channel.isOpen()).isFalse();
    }
}
