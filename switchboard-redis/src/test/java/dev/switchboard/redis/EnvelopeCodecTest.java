package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    @Test
    void jsonBroadcastRoundTripsWithItsExactBytes() throws Exception {
        byte[] json = "{ \"body\" : \"héllo\",\"n\":1 }".getBytes(StandardCharsets.UTF_8);
        Broadcast b = new Broadcast("room:ü", "new_msg", JsonPayload.trusted(json));
        Envelope.ForTopic back = (Envelope.ForTopic) EnvelopeCodec.decode(
                EnvelopeCodec.encode(new Envelope.ForTopic("node-a", 42, b)));
        assertThat(back.origin()).isEqualTo("node-a");
        assertThat(back.offset()).isEqualTo(42);
        assertThat(back.broadcast().topic()).isEqualTo("room:ü");
        assertThat(back.broadcast().event()).isEqualTo("new_msg");
        assertThat(((JsonPayload) back.broadcast().payload()).bytes()).isEqualTo(json); // not re-serialized
    }

    @Test
    void binaryBroadcastStaysBinary() throws Exception {
        byte[] data = {0, 1, 2, (byte) 0xFF, 'S', 'B'};
        Envelope.ForTopic back = (Envelope.ForTopic) EnvelopeCodec.decode(EnvelopeCodec.encode(
                new Envelope.ForTopic("a", Envelope.ForTopic.NO_OFFSET, new Broadcast("t", "e", Payload.binary(data)))));
        assertThat(back.broadcast().payload()).isInstanceOf(BinaryPayload.class);
        assertThat(((BinaryPayload) back.broadcast().payload()).bytes()).isEqualTo(data);
        assertThat(back.offset()).isEqualTo(Envelope.ForTopic.NO_OFFSET);
    }

    @Test
    void nodeMessageRoundTrips() throws Exception {
        Envelope.ForNode back = (Envelope.ForNode) EnvelopeCodec.decode(
                EnvelopeCodec.encode(new Envelope.ForNode("b", "lp.forward", new byte[] {7, 8})));
        assertThat(back.origin()).isEqualTo("b");
        assertThat(back.kind()).isEqualTo("lp.forward");
        assertThat(back.body()).containsExactly(7, 8);
    }

    @Test
    void foreignBytesAreRefusedWithAReason() {
        assertThatThrownBy(() -> EnvelopeCodec.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> EnvelopeCodec.decode(new byte[0])).hasMessageContaining("magic");
    }

    @Test
    void otherVersionsAndKindsAreRefused() {
        byte[] ok = EnvelopeCodec.encode(new Envelope.ForNode("b", "k", new byte[0]));
        byte[] v2 = ok.clone();
        v2[2] = 2;
        assertThatThrownBy(() -> EnvelopeCodec.decode(v2)).hasMessageContaining("version 2");
        byte[] kind9 = ok.clone();
        kind9[3] = 9;
        assertThatThrownBy(() -> EnvelopeCodec.decode(kind9)).hasMessageContaining("kind 9");
    }

    @Test
    void truncationIsDetected() {
        byte[] ok = EnvelopeCodec.encode(new Envelope.ForTopic("node", -1, new Broadcast("topic", "event", Payload.empty())));
        for (int length = 2; length < ok.length - 2; length++) { // the last 2 bytes are the payload itself
            byte[] cut = Arrays.copyOf(ok, length);
            assertThatThrownBy(() -> EnvelopeCodec.decode(cut)).isInstanceOf(InvalidEnvelopeException.class);
        }
    }

    @Test
    void randomBytesNeverThrowAnythingElse() {
        Random random = new Random(7);
        byte[] valid = EnvelopeCodec.encode(new Envelope.ForTopic("n", 1, new Broadcast("t", "e", Payload.empty())));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(64)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
                if (bytes.length >= 2 && random.nextBoolean()) {
                    bytes[0] = 'S';
                    bytes[1] = 'B';
                }
            } else {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            }
            try {
                EnvelopeCodec.decode(bytes);
            } catch (InvalidEnvelopeException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void tooLongTopicCannotBeEncoded() {
        String topic = "t".repeat(70_000);
        assertThatThrownBy(() -> EnvelopeCodec.encode(new Envelope.ForTopic("n", -1, new Broadcast(topic, "e", Payload.empty()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
    }
}
