package dev.switchboard.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.EncodedFrame;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedFramesTest {
    private final AtomicInteger builds = new AtomicInteger();
    private final SharedFrames frames = new SharedFrames((frame, out) -> {
        builds.incrementAndGet();
        out.writeBytes(frame.bytes());
    });

    private static EncodedFrame frame(String text) {
        return new EncodedFrame(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void aFrameIsBuiltOnceAndEveryWriteGetsItsOwnReaderIndex() {
        EncodedFrame f = frame("hello");
        ByteBuf a = frames.retainedView(f, 5);
        ByteBuf b = frames.retainedView(f, 5);
        assertThat(builds).hasValue(1);
        a.skipBytes(5); // a socket write consumes its view...
        assertThat(b.readableBytes()).isEqualTo(5); // ...without touching the others
        a.release();
        b.release();
    }

    @Test
    void twoFormatsOfOneBroadcastShareTheCacheAndAThirdFrameEvictsTheOldest() {
        EncodedFrame v1 = frame("v1"), v2 = frame("v2"), next = frame("next");
        for (int i = 0; i < 3; i++) {
            frames.retainedView(v1, 2).release();
            frames.retainedView(v2, 2).release();
        }
        assertThat(builds).hasValue(2);
        frames.retainedView(next, 4).release();
        frames.retainedView(v2, 2).release();
        assertThat(builds).hasValue(3);
        frames.retainedView(v1, 2).release();
        assertThat(builds).hasValue(4);
    }

    @Test
    void memoryIsReturnedOnceTheCacheIsClearedAndEveryWriteReleased() {
        EncodedFrame f = frame("bye");
        ByteBuf view = frames.retainedView(f, 3);
        frames.clear();
        assertThat(view.refCnt()).isPositive(); // still owned by the pending write
        view.release();
        assertThat(view.refCnt()).isZero();
    }
}
