package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedFramesTest {
    private final SharedFrames frames = new SharedFrames();

    /**
     * The buffer a view was made from. Views are followed down to it rather than compared one
     * level deep: Netty's leak detector wraps a sampled buffer (about one in 128), adding a level.
     */
    static ByteBuf root(ByteBuf view) {
        ByteBuf b = view;
        while (b.unwrap() != null) {
            b = b.unwrap();
        }
        return b;
    }

    private static EncodedFrame frame(String text) {
        return new EncodedFrame(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void aFrameIsBuiltOnceAsACompleteWebSocketFrameAndEveryWriteGetsItsOwnReaderIndex() {
        EncodedFrame f = frame("hello");
        ByteBuf a = frames.retainedView(f, null);
        ByteBuf b = frames.retainedView(f, null);
        assertThat(root(a)).isSameAs(root(b));
        assertThat(a.readableBytes()).isEqualTo(7);
        assertThat(a.getByte(0) & 0xFF).isEqualTo(0x81); // FIN + text
        a.skipBytes(7); // a socket write consumes its view...
        assertThat(b.readableBytes()).isEqualTo(7); // ...without touching the others
        a.release();
        b.release();
    }

    @Test
    void twoFormatsOfOneBroadcastShareTheCacheAndAThirdFrameEvictsTheOldest() {
        EncodedFrame v1 = frame("v1"), v2 = frame("v2"), next = frame("next");
        ByteBuf first1 = frames.retainedView(v1, null);
        ByteBuf first2 = frames.retainedView(v2, null);
        ByteBuf again1 = frames.retainedView(v1, null);
        assertThat(root(again1)).isSameAs(root(first1));
        frames.retainedView(next, null).release();
        ByteBuf again2 = frames.retainedView(v2, null);
        assertThat(root(again2)).as("v2 still cached").isSameAs(root(first2));
        ByteBuf rebuilt1 = frames.retainedView(v1, null);
        assertThat(root(rebuilt1)).as("v1 was evicted by the third frame").isNotSameAs(root(first1));
        for (ByteBuf b : new ByteBuf[] {first1, first2, again1, again2, rebuilt1}) {
            b.release();
        }
    }

    @Test
    void memoryIsReturnedOnceTheBatchEndsAndEveryWriteIsReleased() {
        EncodedFrame f = frame("bye");
        ByteBuf view = frames.retainedView(f, null);
        frames.flushBatch();
        assertThat(view.refCnt()).isPositive(); // still owned by the pending write
        view.release();
        assertThat(view.refCnt()).isZero();
    }
}
