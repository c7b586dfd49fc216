package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EncodedFrameTest {
    private static final byte[] TEXT = "[null,null,\"room:a\",\"msg\",{}]".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSplicedFrameReadsAsHeadSharedAndTail() {
        byte[] shared = new byte[EncodedFrame.SPLICE_THRESHOLD];
        Arrays.fill(shared, (byte) 'x');
        EncodedFrame frame = EncodedFrame.spliced("[".getBytes(StandardCharsets.UTF_8), shared, "]".getBytes(StandardCharsets.UTF_8));

        assertThat(frame.isSpliced()).isTrue();
        assertThat(frame.length()).isEqualTo(shared.length + 2);
        assertThat(frame.bytes()).startsWith('[').endsWith(']').hasSize(shared.length + 2);
        assertThat(frame.shared()).isSameAs(shared);
    }

    @Test
    void theCompressedFormIsMadeOnceAndShared() {
        EncodedFrame frame = new EncodedFrame(TEXT, false);
        AtomicInteger compressions = new AtomicInteger();
        byte[] small = {1, 2, 3};

        byte[] first = frame.deflated(bytes -> {
            compressions.incrementAndGet();
            assertThat(bytes).isEqualTo(TEXT);
            return small;
        });
        byte[] again = frame.deflated(bytes -> {
            compressions.incrementAndGet();
            return new byte[] {9};
        });

        assertThat(first).isSameAs(small);
        assertThat(again).isSameAs(small);
        assertThat(compressions).hasValue(1);
    }

    @Test
    void aCompressedFormNoSmallerThanTheFrameIsNotUsedAndNotRemadeEither() {
        EncodedFrame frame = new EncodedFrame(TEXT, false);
        AtomicInteger compressions = new AtomicInteger();

        assertThat(frame.deflated(bytes -> {
            compressions.incrementAndGet();
            return new byte[bytes.length];
        })).isNull();
        assertThat(frame.deflated(bytes -> {
            compressions.incrementAndGet();
            return new byte[1];
        })).isNull();
        assertThat(compressions).hasValue(1);
    }
}
