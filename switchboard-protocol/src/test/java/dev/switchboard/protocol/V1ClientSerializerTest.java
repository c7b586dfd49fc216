package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's side of vsn=1.0.0 (spec §2.2): objects both ways, no join_ref from the server, no binary. */
class V1ClientSerializerTest {
    private static final ClientSerializer CLIENT = ClientSerializer.of(WireFormat.V1_JSON);

    @Test
    void encodesAllFiveKeysIncludingJoinRef() {
        EncodedFrame frame = CLIENT.encode(Message.of("1", "1", "room:lobby", "phx_join", Payload.parse("{\"nick\":\"ann\"}")));
        assertThat(frame.text()).isEqualTo(
                "{\"topic\":\"room:lobby\",\"event\":\"phx_join\",\"payload\":{\"nick\":\"ann\"},\"ref\":\"1\",\"join_ref\":\"1\"}");
    }

    @Test
    void whatTheClientEncodesTheServerDecodes() throws DecodeException {
        Message sent = Message.of(null, "7,8", "room:a,\"b\" ü", "e", Payload.parse("{\"a\":[1,{\"b\":\"c,d\"}]}"));
        assertThat(Serializers.v1().decode(CLIENT.encode(sent).bytes(), false)).isEqualTo(sent);
    }

    @Test
    void decodesServerRepliesWithoutJoinRefInAnyKeyOrder() throws DecodeException {
        Frame frame = decode("{\"payload\":{\"response\":{\"v\":1},\"status\":\"ok\"},\"ref\":\"2\",\"event\":\"phx_reply\",\"topic\":\"t\"}");
        assertThat(frame).isEqualTo(Reply.of(null, "2", "t", "ok", Payload.parse("{\"v\":1}")));
    }

    @Test
    void whatTheServerEncodesTheClientDecodes() throws DecodeException {
        Reply reply = Reply.of("1", "2", "room:ü,\"x\"", "error", Payload.parse("{\"reason\":\"a, b\"}"));
        assertThat(CLIENT.decode(Serializers.v1().encode(reply).bytes(), false))
                .as("V1 never carries join_ref from the server").isEqualTo(Reply.of(null, "2", "room:ü,\"x\"", "error", reply.response()));
        Broadcast b = new Broadcast("room:x", "msg", Payload.parse("{\"n\":[1,2]}"));
        assertThat(CLIENT.decode(Serializers.v1().encode(b).bytes(), false)).isEqualTo(new Message(null, null, "room:x", "msg", b.payload()));
    }

    @Test
    void aPositionInTheRefOfAV1BroadcastIsKept() throws DecodeException {
        Message m = (Message) decode("{\"topic\":\"room:x\",\"event\":\"msg\",\"payload\":{},\"ref\":\"3@e1\"}");
        assertThat(m.ref()).isEqualTo(Ref.of("3@e1"));
    }

    @Test
    void binaryIsRefusedBothWays() {
        assertThatThrownBy(() -> CLIENT.encode(Message.of("1", "2", "t", "e", Payload.binary(new byte[] {1}))))
                .isInstanceOf(EncodeException.class).hasMessageContaining("V1 has no binary frames");
        assertThatThrownBy(() -> CLIENT.decode(new byte[] {2, 1, 1, 't', 'e'}, true)).isInstanceOf(DecodeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"topic\":\"t\",\"event\":\"e\"}", "{\"event\":\"e\",\"payload\":{}}",
        "{\"topic\":\"t\",\"event\":\"phx_reply\",\"payload\":{\"response\":{}}}", "{", "null"})
    void malformedFramesAreDecodeExceptions(String text) {
        assertThatThrownBy(() -> decode(text)).isInstanceOf(DecodeException.class);
    }

    private static Frame decode(String text) throws DecodeException {
        return CLIENT.decode(text.getBytes(StandardCharsets.UTF_8), false);
    }
}
