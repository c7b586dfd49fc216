package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden vectors for vsn=1.0.0 (spec §2.2): one JSON object per text frame, no binary. */
class V1JsonSerializerTest {
    private static final Serializer V1 = new V1JsonSerializer();

    @Test
    void speaksV1Json() {
        assertThat(V1.format()).isEqualTo(WireFormat.V1_JSON);
    }

    @Nested
    @DisplayName("decoding client objects {topic, event, payload, ref[, join_ref]}")
    class Decoding {

        @Test
        void specExampleJoin() throws DecodeException {
            assertThat(decode("{\"topic\":\"room:lobby\",\"event\":\"phx_join\",\"payload\":{\"nick\":\"ann\"},"
                    + "\"ref\":\"1\",\"join_ref\":\"1\"}"))
                    .isEqualTo(Message.of("1", "1", "room:lobby", "phx_join", json("{\"nick\":\"ann\"}")));
        }

        @Test
        void joinRefIsOptional() throws DecodeException {
            assertThat(decode("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":\"4\"}"))
                    .isEqualTo(Message.of(null, "4", "t", "e", Payload.empty()));
        }

        @Test
        void refMayBeNull() throws DecodeException {
            assertThat(decode("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":null,\"join_ref\":null}"))
                    .isEqualTo(Message.of(null, null, "t", "e", Payload.empty()));
        }

        @Test
        void numericRefsAreKeptAsNumbers() throws DecodeException {
            Message m = decode("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":7,\"join_ref\":-2.5}");
            assertThat(m.ref()).isEqualTo(new Ref("7", true));
            assertThat(m.joinRef()).isEqualTo(new Ref("-2.5", true));
        }

        @Test
        void keysMayComeInAnyOrderAndUnknownKeysAreIgnored() throws DecodeException {
            assertThat(decode("{\"extra\":{\"deep\":[1,2]},\"ref\":\"2\",\"payload\":{\"a\":1},"
                    + "\"event\":\"e\",\"more\":null,\"topic\":\"t\"}"))
                    .isEqualTo(Message.of(null, "2", "t", "e", json("{\"a\":1}")));
        }

        @Test
        void aRepeatedKeyKeepsItsLastValue() throws DecodeException {
            assertThat(decode("{\"topic\":\"a\",\"topic\":\"b\",\"event\":\"e\",\"payload\":{},\"ref\":null}").topic())
                    .isEqualTo("b");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"7", "\"str\"", "[1, {\"b\": 2}]", "null", "false", "{ \"spaced\" : true }"})
        void anyJsonValueIsAcceptedAsPayloadAndKeptByteForByte(String payload) throws DecodeException {
            Message m = decode("{\"topic\":\"t\",\"event\":\"e\",\"payload\": " + payload + " ,\"ref\":null}");
            assertThat(((JsonPayload) m.payload()).bytes()).isEqualTo(utf8(payload));
        }

        @Test
        void nonAsciiAndEscapedStringsAreDecoded() throws DecodeException {
            Message m = decode("{\"topic\":\"sal\\u00f3n:\u00e9\",\"event\":\"\\\"\ud83d\ude00\\n\",\"payload\":{},\"ref\":null}");
            assertThat(m.topic()).isEqualTo("sal\u00f3n:\u00e9");
            assertThat(m.event()).isEqualTo("\"\ud83d\ude00\n");
        }
    }

    @Nested
    @DisplayName("rejecting malformed client messages")
    class Malformed {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "{\"event\":\"e\",\"payload\":{},\"ref\":null}                 | V1 message is missing key \"topic\"",
                "{\"topic\":\"t\",\"payload\":{},\"ref\":null}                 | V1 message is missing key \"event\"",
                "{\"topic\":\"t\",\"event\":\"e\",\"ref\":null}                | V1 message is missing key \"payload\"",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{}}              | V1 message is missing key \"ref\"",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"join_ref\":\"1\"} | V1 message is missing key \"ref\"",
                "{}                                                            | V1 message is missing key \"topic\"",
                "{\"topic\":1,\"event\":\"e\",\"payload\":{},\"ref\":null}     | topic must be a string",
                "{\"topic\":null,\"event\":\"e\",\"payload\":{},\"ref\":null}  | topic must be a string",
                "{\"topic\":\"t\",\"event\":{},\"payload\":{},\"ref\":null}    | event must be a string",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":true} | ref must be a string, number or null",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":[\"1\"]} | ref must be a string, number or null",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":null,\"join_ref\":{}} | join_ref must be a string, number or null",
                "[null,\"1\",\"t\",\"e\",{}]                                   | V1 message must be a JSON object",
                "\"topic\"                                                     | V1 message must be a JSON object",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":null} {} | unexpected data after the message",
        })
        void isADecodeErrorWithAMessageSayingWhy(String frame, String message) {
            assertThatThrownBy(() -> decode(frame))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage(message);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":null}x",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":null}}", "{\"topic\":\"t\"",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{\"a\":},\"ref\":null}", "{topic:\"t\"}"})
        void invalidJsonIsADecodeError(String frame) {
            assertThatThrownBy(() -> decode(frame))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("invalid JSON");
        }

        @Test
        void anEmptyFrameIsADecodeError() {
            assertThatThrownBy(() -> decode("  "))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("empty message");
        }

        @Test
        void binaryFramesDoNotExistInV1() {
            byte[] v2Push = {0, 0, 0, 1, 1, 't', 'e'};
            assertThatThrownBy(() -> V1.decode(v2Push, true))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("V1 has no binary frames");
        }
    }

    @Nested
    @DisplayName("encoding server objects {topic, event, payload, ref}")
    class Encoding {

        @Test
        void specExampleReply() {
            assertEncodes(Reply.of("1", "1", "room:lobby", "ok", Payload.empty()),
                    "{\"topic\":\"room:lobby\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},\"ref\":\"1\"}");
        }

        @Test
        void specExamplePushNeverCarriesJoinRef() {
            assertEncodes(Message.of("3", null, "room:lobby", "new_msg", json("{\"body\":\"hi\"}")),
                    "{\"topic\":\"room:lobby\",\"event\":\"new_msg\",\"payload\":{\"body\":\"hi\"},\"ref\":null}");
        }

        @Test
        void broadcastHasANullRef() {
            assertEncodes(new Broadcast("room:lobby", "new_msg", json("{\"body\":\"hi\"}")),
                    "{\"topic\":\"room:lobby\",\"event\":\"new_msg\",\"payload\":{\"body\":\"hi\"},\"ref\":null}");
        }

        @Test
        void controlFramesCarryTheirRef() {
            assertEncodes(Message.of("3", "3", "room:lobby", "phx_close", Payload.empty()),
                    "{\"topic\":\"room:lobby\",\"event\":\"phx_close\",\"payload\":{},\"ref\":\"3\"}");
        }

        @Test
        void errorReplyWithResponse() {
            assertEncodes(Reply.of(null, "9", "room:lobby", "error", json("{\"reason\":\"unmatched topic\"}")),
                    "{\"topic\":\"room:lobby\",\"event\":\"phx_reply\","
                            + "\"payload\":{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}},\"ref\":\"9\"}");
        }

        @Test
        void numericRefsAreEchoedAsNumbers() throws DecodeException {
            Message in = decode("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":12}");
            assertEncodes(new Reply(in.joinRef(), in.ref(), in.topic(), "ok", Payload.empty()),
                    "{\"topic\":\"phoenix\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},\"ref\":12}");
        }

        @Test
        void payloadBytesAreCopiedVerbatim() {
            assertEncodes(new Broadcast("t", "e", json("{ \"n\" : 1.50 }")),
                    "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{ \"n\" : 1.50 },\"ref\":null}");
        }

        @Test
        void stringsAreJsonEscapedAndUtf8() {
            assertEncodes(Message.of(null, "\"\\", "sal\u00f3n\t", "\u0000\ud83d\ude00", Payload.empty()),
                    "{\"topic\":\"sal\u00f3n\\t\",\"event\":\"\\u0000\ud83d\ude00\",\"payload\":{},\"ref\":\"\\\"\\\\\"}");
        }

        @Test
        void binaryPayloadsCannotBeEncoded() {
            BinaryPayload bin = Payload.binary(new byte[] {1});
            assertThatThrownBy(() -> V1.encode(new Broadcast("t", "e", bin)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("V1 cannot carry binary payloads (payload of a broadcast)");
            assertThatThrownBy(() -> V1.encode(Message.of("1", null, "t", "e", bin)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("V1 cannot carry binary payloads (payload of a server message)");
            assertThatThrownBy(() -> V1.encode(Reply.of("1", "1", "t", "ok", bin)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("V1 cannot carry binary payloads (reply response)");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[]", "1", "\"s\"", "null"})
        void serverPayloadsMustBeJsonObjects(String payload) {
            JsonPayload p = json(payload);
            assertThatThrownBy(() -> V1.encode(new Broadcast("t", "e", p)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("payload of a broadcast must be a JSON object, got " + payload);
            assertThatThrownBy(() -> V1.encode(Reply.of("1", "1", "t", "ok", p)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("reply response must be a JSON object, got " + payload);
        }

        @Test
        void framesAreTextFrames() {
            assertThat(V1.encode(new Broadcast("t", "e", Payload.empty())).binary()).isFalse();
        }
    }

    private static Message decode(String text) throws DecodeException {
        return V1.decode(utf8(text), false);
    }

    private static void assertEncodes(Frame frame, String expected) {
        EncodedFrame encoded = V1.encode(frame);
        assertThat(encoded.binary()).isFalse();
        assertThat(encoded.text()).isEqualTo(expected);
        assertThat(encoded.bytes()).isEqualTo(utf8(expected));
    }

    private static JsonPayload json(String text) {
        return JsonPayload.trusted(utf8(text));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPushAroundALargePayloadIsSplicedAndReadsAsTheWholeFrame() {
        String big = "{\"k\":\"" + "x".repeat(EncodedFrame.SPLICE_THRESHOLD) + "\"}";
        JsonPayload payload = JsonPayload.trusted(big.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        EncodedFrame encoded = V1.encode(Message.of(null, "7", "room:lobby", "presence_state", payload));

        assertThat(encoded.isSpliced()).isTrue();
        assertThat(encoded.shared()).isSameAs(payload.bytes());
        assertThat(encoded.text()).isEqualTo("{\"topic\":\"room:lobby\",\"event\":\"presence_state\",\"payload\":" + big
                + ",\"ref\":\"7\"}");
    }
}
