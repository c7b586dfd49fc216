package dev.switchboard.testsupport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void theRfcExamplesEncodeByteForByte() {
        // RFC 6455 §5.7: a single-frame masked text message "Hello"
        byte[] masked = FrameCodec.encode(0x81, "Hello".getBytes(StandardCharsets.US_ASCII), HexFormat.of().parseHex("37fa213d"));
        assertThat(HexFormat.of().formatHex(masked)).isEqualTo("818537fa213d7f9f4d5158");
        // and unmasked
        assertThat(HexFormat.of().formatHex(FrameCodec.encode(0x81, "Hello".getBytes(StandardCharsets.US_ASCII), null)))
                .isEqualTo("810548656c6c6f");
    }

    @Test
    void lengthsUseTheShortestEncodingAndReadBack() throws Exception {
        for (int size : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
            byte[] payload = new byte[size];
            new Random(size).nextBytes(payload);
            byte[] frame = FrameCodec.encode(0x82, payload, true, new Random(1));
            int header = size < 126 ? 2 : size < 65_536 ? 4 : 10;
            assertThat(frame).hasSize(header + 4 + size);

            Frame read = FrameCodec.read(new ByteArrayInputStream(frame));
            assertThat(read.opcode()).isEqualTo(Frame.BINARY);
            assertThat(read.fin()).isTrue();
            assertThat(read.payload()).isEqualTo(payload);
        }
    }

    @Test
    void theFirstByteIsWrittenAsGivenReservedBitsAndAll() throws Exception {
        Frame read = FrameCodec.read(new ByteArrayInputStream(FrameCodec.encode(0x70 | 0x3, new byte[0], null)));
        assertThat(read.fin()).isFalse();
        assertThat(read.rsv()).isEqualTo(7);
        assertThat(read.opcode()).isEqualTo(3);
    }

    @Test
    void aCloseFrameCarriesCodeAndReason() throws Exception {
        byte[] bytes = FrameCodec.encode(0x88, FrameCodec.closePayload(1011, "bad json"), null);
        assertThat(FrameCodec.read(new ByteArrayInputStream(bytes)).closeStatus()).isEqualTo(new CloseStatus(1011, "bad json"));
        byte[] empty = FrameCodec.encode(0x88, new byte[0], null);
        assertThat(FrameCodec.read(new ByteArrayInputStream(empty)).closeStatus().code()).isEqualTo(CloseStatus.NO_STATUS);
    }

    @Test
    void endOfStreamBeforeAFrameIsNullAndInsideOneIsAnError() {
        assertThat(catchRead(new byte[0])).isNull();
        byte[] whole = FrameCodec.encode(0x81, "abc".getBytes(StandardCharsets.US_ASCII), null);
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 1))))
                .isInstanceOf(EOFException.class);
    }

    private static Frame catchRead(byte[] bytes) {
        try {
            return FrameCodec.read(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
