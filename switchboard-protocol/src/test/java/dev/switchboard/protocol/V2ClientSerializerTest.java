package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's side of vsn=2.0.0: golden frames of spec §2.3/§2.4, and round trips with the server's side. */
class V2ClientSerializerTest {
    private static final ClientSerializer CLIENT = ClientSerializer.of(WireFormat.V2);
    private static final Serializer SERVER = Serializers.v2();
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** A topic, a ref and a payload full of what naive splitting on commas gets wrong. */
    private static final String HARD_TOPIC = "room:a,b],[\"c\" \\ é 漢字 🚀";
    private static final String HARD_REF = "7,\"8\"],[9";
    private static final String HARD_PAYLOAD = "{\"text\":\"a, b, \\\"c\\\" ] [ {}\",\"nested\":{\"list\":[1,2.5,-3,true,null,"
            + "\"x,y\"],\"deeper\":{\"empty\":{},\"emptyList\":[]}},\"unicode\":\"ünï ✓ 🚀\",\"escaped\":\"\\u00e9\\n\"}";

    @Test
    void speaksV2() {
        assertThat(CLIENT.format()).isEqualTo(WireFormat.V2);
    }

    @Nested
    @DisplayName("decoding server text frames")
    class DecodingText {

        @Test
        void joinReplyBecomesAReplyWithStatusAndRawResponse() throws DecodeException {
            Frame frame = decode("[\"3\",\"3\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"history\":[]}}]");
            assertThat(frame).isEqualTo(Reply.of("3", "3", "room:lobby", "ok", Payload.parse("{\"history\":[]}")));
        }

        @Test
        void replyKeysMayComeInAnyOrderAndUnknownKeysAreSkipped() throws DecodeException {
            Frame frame = decode("[null,\"9\",\"t\",\"phx_reply\",{\"response\":[1,{\"a\":2}],\"x\":{\"y\":[]},\"status\":\"custom\"}]");
            assertThat(frame).isEqualTo(Reply.of(null, "9", "t", "custom", Payload.parse("[1,{\"a\":2}]")));
        }

        @Test
        void replyWithoutResponseGetsTheEmptyObject() throws DecodeException {
            assertThat(((Reply) decode("[null,\"1\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\"}]")).response())
                    .isEqualTo(Payload.empty());
        }

        @Test
        void pushBroadcastAndControlFramesAreMessages() throws DecodeException {
            assertThat(decode("[\"3\",null,\"room:lobby\",\"presence_state\",{}]"))
                    .isEqualTo(Message.of("3", null, "room:lobby", "presence_state", Payload.empty()));
            assertThat(decode("[null,null,\"room:lobby\",\"new_msg\",{\"body\":\"hi\"}]"))
                    .isEqualTo(Message.of(null, null, "room:lobby", "new_msg", Payload.parse("{\"body\":\"hi\"}")));
            assertThat(decode("[\"3\",\"3\",\"room:lobby\",\"phx_error\",{\"reason\":\"channel_crash\"}]"))
                    .isEqualTo(Message.of("3", "3", "room:lobby", "phx_error", Payload.parse("{\"reason\":\"channel_crash\"}")));
        }

        @Test
        void aPositionInTheRefSlotOfABroadcastIsKept() throws DecodeException {
            Message m = (Message) decode("[null,\"42@k7Qd2x\",\"room:x\",\"msg\",{\"n\":1}]");
            assertThat(m.ref()).isEqualTo(Ref.of("42@k7Qd2x"));
            assertThat(m.joinRef()).isNull();
        }

        @Test
        void commasQuotesBracketsAndUnicodeInTopicRefAndPayloadAreData() throws DecodeException {
            String frame = "[\"1,2\"," + quote(HARD_REF) + "," + quote(HARD_TOPIC) + ",\"ev,t\"," + HARD_PAYLOAD + "]";
            Message m = (Message) decode(frame);
            assertThat(m.joinRef()).isEqualTo(Ref.of("1,2"));
            assertThat(m.ref()).isEqualTo(Ref.of(HARD_REF));
            assertThat(m.topic()).isEqualTo(HARD_TOPIC);
            assertThat(m.event()).isEqualTo("ev,t");
            assertThat(m.payload().json()).isEqualTo(Payload.parse(HARD_PAYLOAD).json());
            assertThat(m.payload().json().path("unicode").asText()).isEqualTo("ünï ✓ 🚀");
            assertThat(m.payload().json().path("escaped").asText()).isEqualTo("é\n");
        }

        @Test
        void numericRefsFromOtherServersAreAccepted() throws DecodeException {
            Reply r = (Reply) decode("[1,2,\"t\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
            assertThat(r.ref().value()).isEqualTo("2");
            assertThat(r.joinRef().value()).isEqualTo("1");
        }

        @Test
        void extraElementsAreIgnored() throws DecodeException {
            assertThat(decode("[null,null,\"t\",\"e\",{},\"extra\",[1,2]]"))
                    .isEqualTo(Message.of(null, null, "t", "e", Payload.empty()));
        }
    }

    @Nested
    @DisplayName("malformed server frames are clear errors")
    class Malformed {

        @ParameterizedTest
        @ValueSource(strings = {
            "not json", "", "{\"topic\":\"t\"}", "[\"1\",\"1\"]", "[null,null,\"t\",\"e\"]",
            "[null,null,1,\"e\",{}]", "[null,null,\"t\",\"e\",{}] trailing", "[null,null,\"t\",\"e\",{]",
            "[{},null,\"t\",\"e\",{}]", "[null,\"1\",\"t\",\"phx_reply\",{\"response\":{}}]",
            "[null,\"1\",\"t\",\"phx_reply\",\"ok\"]", "[null,\"1\",\"t\",\"phx_reply\",{\"status\":1}]"
        })
        void isADecodeException(String text) {
            assertThatThrownBy(() -> decode(text)).isInstanceOf(DecodeException.class).hasMessageNotContaining("\n");
        }

        @Test
        void tooShortArraySaysHowManyElements() {
            assertThatThrownBy(() -> decode("[\"1\",\"1\"]")).hasMessage("V2 frame has 2 elements; expected 5");
        }

        @Test
        void replyWithoutStatusSaysSo() {
            assertThatThrownBy(() -> decode("[null,\"1\",\"t\",\"phx_reply\",{\"response\":{}}]"))
                    .hasMessage("phx_reply payload has no status");
        }
    }

    @Nested
    @DisplayName("decoding server binary frames (spec §2.4)")
    class DecodingBinary {

        @Test
        void push() throws DecodeException {
            Frame frame = CLIENT.decode(hex("00 01 0a 05 35 72 6f 6f 6d 3a 6c 6f 62 62 79 69 6d 61 67 65 ff d8"), true);
            assertThat(frame).isEqualTo(new Message(Ref.of("5"), null, "room:lobby", "image", Payload.binary(hex("ff d8"))));
        }

        @Test
        void reply() throws DecodeException {
            Frame frame = CLIENT.decode(hex("01 01 01 0a 02 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 6f 6b ca fe"), true);
            assertThat(frame).isEqualTo(Reply.of("5", "8", "room:lobby", "ok", Payload.binary(hex("ca fe"))));
        }

        @Test
        void broadcast() throws DecodeException {
            Frame frame = CLIENT.decode(hex("02 0a 03 72 6f 6f 6d 3a 6c 6f 62 62 79 62 69 6e 01 02 03"), true);
            assertThat(frame).isEqualTo(new Message(null, null, "room:lobby", "bin", Payload.binary(hex("01 02 03"))));
        }

        @Test
        void emptyRefsAreNull() throws DecodeException {
            Frame frame = CLIENT.decode(hex("00 00 01 01 74 65"), true);
            assertThat(frame).isEqualTo(new Message(null, null, "t", "e", Payload.binary(new byte[0])));
        }

        @Test
        void unknownKindTruncatedHeaderAndShortFieldsAreErrors() {
            assertThatThrownBy(() -> CLIENT.decode(hex("07 00 00"), true)).isInstanceOf(DecodeException.class)
                    .hasMessageContaining("unknown kind 7");
            assertThatThrownBy(() -> CLIENT.decode(hex("01 01 01"), true)).isInstanceOf(DecodeException.class)
                    .hasMessageContaining("truncated binary header");
            assertThatThrownBy(() -> CLIENT.decode(hex("02 0a 03 72 6f"), true)).isInstanceOf(DecodeException.class)
                    .hasMessageContaining("declares more field bytes");
            assertThatThrownBy(() -> CLIENT.decode(new byte[0], true)).isInstanceOf(DecodeException.class);
            assertThatThrownBy(() -> CLIENT.decode(hex("02 01 01 ff 65"), true)).isInstanceOf(DecodeException.class)
                    .hasMessageContaining("topic is not valid UTF-8");
        }
    }

    @Nested
    @DisplayName("encoding client messages")
    class Encoding {

        @Test
        void join() {
            Message join = Message.of("3", "3", "room:lobby", "phx_join", Payload.parse("{\"nick\":\"ann\"}"));
            assertThat(CLIENT.encode(join).text()).isEqualTo("[\"3\",\"3\",\"room:lobby\",\"phx_join\",{\"nick\":\"ann\"}]");
            assertThat(CLIENT.encode(join).binary()).isFalse();
        }

        @Test
        void heartbeatHasANullJoinRef() {
            assertThat(CLIENT.encode(Message.of(null, "12", "phoenix", "heartbeat", Payload.empty())).text())
                    .isEqualTo("[null,\"12\",\"phoenix\",\"heartbeat\",{}]");
        }

        @Test
        void anyJsonValueIsAClientPayload() {
            assertThat(CLIENT.encode(Message.of("1", "2", "t", "e", Payload.parse("[1,\"a\"]"))).text())
                    .isEqualTo("[\"1\",\"2\",\"t\",\"e\",[1,\"a\"]]");
        }

        @Test
        void binaryPushHasTheFiveByteHeaderWithTheRef() {
            EncodedFrame frame = CLIENT.encode(Message.of("5", "8", "room:lobby", "upload", Payload.binary(hex("09 08 07"))));
            assertThat(frame.binary()).isTrue();
            assertThat(HEX.formatHex(frame.bytes()))
                    .isEqualTo("00 01 01 0a 06 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 75 70 6c 6f 61 64 09 08 07");
        }

        @Test
        void binaryFieldsOver255BytesAreRefused() {
            String topic = "t".repeat(256);
            assertThatThrownBy(() -> CLIENT.encode(Message.of("1", "2", topic, "e", Payload.binary(new byte[1]))))
                    .isInstanceOf(EncodeException.class).hasMessageContaining("topic is 256 bytes");
        }
    }

    @Nested
    @DisplayName("round trips with the server's side")
    class RoundTrips {

        @Test
        void whatTheClientEncodesTheServerDecodes() throws DecodeException {
            Message sent = Message.of("1,2", HARD_REF, HARD_TOPIC, "ev\"t", Payload.parse(HARD_PAYLOAD));
            assertThat(SERVER.decode(CLIENT.encode(sent).bytes(), false)).isEqualTo(sent);
            Message binary = Message.of("5", "8", HARD_TOPIC, "up,load", Payload.binary(hex("00 ff 2c 22")));
            assertThat(SERVER.decode(CLIENT.encode(binary).bytes(), true)).isEqualTo(binary);
        }

        @Test
        void whatTheServerEncodesTheClientDecodes() throws DecodeException {
            Reply reply = Reply.of("1,2", HARD_REF, HARD_TOPIC, "ok", Payload.parse(HARD_PAYLOAD));
            assertThat(roundTrip(reply)).isEqualTo(reply);
            Message push = Message.of("3", null, HARD_TOPIC, "ev,ent", Payload.parse(HARD_PAYLOAD));
            assertThat(roundTrip(push)).isEqualTo(push);
            Broadcast broadcast = new Broadcast(HARD_TOPIC, "new_msg", Payload.parse(HARD_PAYLOAD));
            assertThat(roundTrip(broadcast)).isEqualTo(new Message(null, null, HARD_TOPIC, "new_msg", broadcast.payload()));
        }

        @Test
        void binaryServerKindsRoundTrip() throws DecodeException {
            byte[] bytes = hex("01 2c 5b 22 ff");
            Reply reply = Reply.of("5", "8", HARD_TOPIC, "ok", Payload.binary(bytes));
            assertThat(roundTrip(reply)).isEqualTo(reply);
            Message push = new Message(Ref.of("5"), null, HARD_TOPIC, "image", Payload.binary(bytes));
            assertThat(roundTrip(push)).isEqualTo(push);
            assertThat(roundTrip(new Broadcast(HARD_TOPIC, "bin", Payload.binary(bytes))))
                    .isEqualTo(new Message(null, null, HARD_TOPIC, "bin", Payload.binary(bytes)));
        }

        private Frame roundTrip(Frame frame) throws DecodeException {
            EncodedFrame encoded = SERVER.encode(frame);
            return CLIENT.decode(encoded.bytes(), encoded.binary());
        }
    }

    private static Frame decode(String text) throws DecodeException {
        return CLIENT.decode(text.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String quote(String s) {
        return Payload.json(s).toString();
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }
}
