package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

    @Test
    void smallTextFrameHasATwoByteHeader() {
        ByteBuf buf = WebSocketFrames.single(new EncodedFrame("hi".getBytes(StandardCharsets.UTF_8), false), ByteBufAllocator.DEFAULT);
        assertThat(ByteBufUtil.hexDump(buf)).isEqualTo("81026869");
        buf.release();
    }

    @Test
    void aSplicedFrameIsWrittenAsTheWholeFrameWithItsSharedPartHeldOncePerLoop() {
        byte[] shared = new byte[100_000];
        Arrays.fill(shared, (byte) 'x');
        EncodedFrame one = EncodedFrame.spliced("[\"1\",".getBytes(StandardCharsets.UTF_8), shared, "]".getBytes(StandardCharsets.UTF_8));
        EncodedFrame two = EncodedFrame.spliced("[\"22\",".getBytes(StandardCharsets.UTF_8), shared, "]".getBytes(StandardCharsets.UTF_8));
        ByteBuf spliced = WebSocketFrames.single(one, ByteBufAllocator.DEFAULT);
        ByteBuf plain = WebSocketFrames.single(new EncodedFrame(one.bytes(), false), ByteBufAllocator.DEFAULT);
        ByteBuf other = WebSocketFrames.single(two, ByteBufAllocator.DEFAULT);
        try {
            assertThat(ByteBufUtil.equals(spliced, plain)).as("the same bytes on the wire").isTrue();
            ByteBuf middle = ((io.netty.buffer.CompositeByteBuf) spliced).component(1);
            ByteBuf otherMiddle = ((io.netty.buffer.CompositeByteBuf) other).component(1);
            assertThat(SharedFramesTest.root(middle)).as("one copy of the shared part on this thread")
                    .isSameAs(SharedFramesTest.root(otherMiddle));
        } finally {
            spliced.release();
            plain.release();
            other.release();
        }
        assertRoundTrip(one, TextWebSocketFrame.class);
    }

    @Test
    void headerLengthsFollowRfc6455() {
        assertThat(WebSocketFrames.headerLength(125)).isEqualTo(2);
        assertThat(WebSocketFrames.headerLength(126)).isEqualTo(4);
        assertThat(WebSocketFrames.headerLength(65535)).isEqualTo(4);
        assertThat(WebSocketFrames.headerLength(65536)).isEqualTo(10);
    }

    @Test
    void framesOfEverySizeClassDecodeWithNettysOwnClientSideDecoder() {
        for (int size : new int[] {0, 1, 125, 126, 65535, 65536, 200_000}) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 'x');
            assertRoundTrip(new EncodedFrame(payload, false), TextWebSocketFrame.class);
            assertRoundTrip(new EncodedFrame(payload, true), BinaryWebSocketFrame.class);
        }
    }

    @Test
    void aCloseFrameCarriesTheCodeAndAReasonCutToFitAtACharacterBoundary() {
        EmbeddedChannel client = clientDecoder();
        client.writeInbound(WebSocketFrames.close(1013, "slow consumer: " + "é".repeat(100), ByteBufAllocator.DEFAULT));
        CloseWebSocketFrame close = client.readInbound();
        assertThat(close.statusCode()).isEqualTo(1013);
        assertThat(close.reasonText()).startsWith("slow consumer: é").endsWith("é");
        assertThat(close.reasonText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        close.release();
        client.finishAndReleaseAll();
    }

    @Test
    void aPongEchoesThePingsPayload() {
        EmbeddedChannel client = clientDecoder();
        ByteBuf ping = ByteBufAllocator.DEFAULT.buffer().writeBytes("are you there".getBytes(StandardCharsets.UTF_8));
        client.writeInbound(WebSocketFrames.control(WebSocketFrames.OPCODE_PONG, ping, ByteBufAllocator.DEFAULT));
        ping.release();
        PongWebSocketFrame pong = client.readInbound();
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("are you there");
        pong.release();
        client.finishAndReleaseAll();
    }

    /** A client-side decoder: server frames are unmasked. */
    private static EmbeddedChannel clientDecoder() {
        return new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
    }

    private static void assertRoundTrip(EncodedFrame frame, Class<?> type) {
        // A client-side decoder: server frames are unmasked.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        client.writeInbound(WebSocketFrames.single(frame, ByteBufAllocator.DEFAULT));
        Object decoded = client.readInbound();
        assertThat(decoded).isInstanceOf(type);
        io.netty.handler.codec.http.websocketx.WebSocketFrame wsFrame = (io.netty.handler.codec.http.websocketx.WebSocketFrame) decoded;
        assertThat(ByteBufUtil.getBytes(wsFrame.content())).isEqualTo(frame.bytes());
        wsFrame.release();
        client.finishAndReleaseAll();
    }
}
