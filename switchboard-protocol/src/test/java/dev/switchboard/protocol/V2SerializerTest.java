package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden vectors for vsn=2.0.0 (spec §2.3 text frames, §2.4 binary frames). */
class V2SerializerTest {
    private static final Serializer V2 = new V2Serializer();
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Test
    void speaksV2() {
        assertThat(V2.format()).isEqualTo(WireFormat.V2);
    }

    @Nested
    @DisplayName("decoding text frames [join_ref, ref, topic, event, payload]")
    class DecodingText {

        @Test
        void join() throws DecodeException {
            assertThat(decode("[\"3\",\"3\",\"room:lobby\",\"phx_join\",{\"nick\":\"ann\"}]"))
                    .isEqualTo(Message.of("3", "3", "room:lobby", "phx_join", json("{\"nick\":\"ann\"}")));
        }

        @Test
        void clientEvent() throws DecodeException {
            assertThat(decode("[\"3\",\"7\",\"room:lobby\",\"new_msg\",{\"body\":\"hi\"}]"))
                    .isEqualTo(Message.of("3", "7", "room:lobby", "new_msg", json("{\"body\":\"hi\"}")));
        }

        @Test
        void heartbeatHasANullJoinRef() throws DecodeException {
            assertThat(decode("[null,\"12\",\"phoenix\",\"heartbeat\",{}]"))
                    .isEqualTo(Message.of(null, "12", "phoenix", "heartbeat", Payload.empty()));
        }

        @Test
        void leave() throws DecodeException {
            assertThat(decode("[\"3\",\"15\",\"room:lobby\",\"phx_leave\",{}]"))
                    .isEqualTo(Message.of("3", "15", "room:lobby", "phx_leave", Payload.empty()));
        }

        @Test
        void numericRefsAreKeptAsNumbersWithTheirExactText() throws DecodeException {
            Message m = decode("[3,1.50e1,\"room:lobby\",\"new_msg\",{}]");
            assertThat(m.joinRef()).isEqualTo(new Ref("3", true));
            assertThat(m.ref()).isEqualTo(new Ref("1.50e1", true));
        }

        @Test
        void extraElementsAfterThePayloadAreIgnored() throws DecodeException {
            assertThat(decode("[\"1\",\"2\",\"t\",\"e\",{\"a\":1},\"extra\",[1,{\"x\":[]}],null]"))
                    .isEqualTo(Message.of("1", "2", "t", "e", json("{\"a\":1}")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"42", "-1.5e3", "\"text with \\\"quotes\\\"\"", "[1, 2, {\"a\": null}]", "null", "true",
                "false", "{ \"spaced\" : [ 1 , 2 ] }", "\"\\u00e9\u00e9\""})
        void anyJsonValueIsAcceptedAsPayloadAndKeptByteForByte(String payload) throws DecodeException {
            Message m = decode("[null, \"1\" , \"t\", \"e\", " + payload + " ]");
            assertThat(((JsonPayload) m.payload()).bytes()).isEqualTo(utf8(payload));
        }

        @Test
        void escapedAndNonAsciiTopicsAndEventsAreDecoded() throws DecodeException {
            Message m = decode("[null,null,\"r\\u00f6\\\"om:\u00fc\",\"\u65b0\u6d88\u606f\ud83d\ude00\",{}]");
            assertThat(m.topic()).isEqualTo("r\u00f6\"om:\u00fc");
            assertThat(m.event()).isEqualTo("\u65b0\u6d88\u606f\ud83d\ude00");
        }

        @Test
        void surroundingWhitespaceIsAllowed() throws DecodeException {
            assertThat(decode(" \n[null,null,\"t\",\"e\",{}]\r\n\t"))
                    .isEqualTo(Message.of(null, null, "t", "e", Payload.empty()));
        }
    }

    @Nested
    @DisplayName("rejecting malformed text frames")
    class MalformedText {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "[]                                 | V2 message has 0 elements; expected 5",
                "[\"1\",\"1\",\"t\",\"e\"]          | V2 message has 4 elements; expected 5",
                "{\"topic\":\"t\"}                  | V2 message must be a JSON array",
                "\"hello\"                          | V2 message must be a JSON array",
                "42                                 | V2 message must be a JSON array",
                "[\"1\",\"1\",42,\"e\",{}]          | topic must be a string",
                "[\"1\",\"1\",null,\"e\",{}]        | topic must be a string",
                "[\"1\",\"1\",\"t\",null,{}]        | event must be a string",
                "[\"1\",\"1\",\"t\",[\"e\"],{}]     | event must be a string",
                "[true,\"1\",\"t\",\"e\",{}]        | join_ref must be a string, number or null",
                "[\"1\",{\"r\":1},\"t\",\"e\",{}]   | ref must be a string, number or null",
                "[null,null,\"t\",\"e\",{}] []      | unexpected data after the message",
                "[null,null,\"t\",\"e\",{}]{}       | unexpected data after the message",
        })
        void isADecodeErrorWithAMessageSayingWhy(String frame, String message) {
            assertThatThrownBy(() -> decode(frame.strip()))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage(message);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", " \r\n\t"})
        void anEmptyFrameIsADecodeError(String frame) {
            assertThatThrownBy(() -> decode(frame))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("empty message");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[null,null,\"t\",\"e\",{}]x", "[null,null,\"t\",\"e\",{}]]",
                "[null,null,\"t\",\"e\",{}],", "[", "[null,null,\"t\",\"e\",{]", "[null,null,\"t\",\"e\",{}",
                "[null,null,\"t\",\"e\",{},]", "[null,null,\"t\",\"e\",{\"a\":01}]", "[null,null,'t',\"e\",{}]",
                "[null,null,\"t\",\"e\",{}]\u0000"})
        void invalidJsonIsADecodeError(String frame) {
            assertThatThrownBy(() -> decode(frame))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("invalid JSON");
        }

        @Test
        void invalidUtf8InsideThePayloadIsADecodeError() {
            byte[] frame = HEX.parseHex("5b 6e 75 6c 6c 2c 6e 75 6c 6c 2c 22 74 22 2c 22 65 22 2c 22 c3 28 22 5d");
            assertThatThrownBy(() -> V2.decode(frame, false))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("invalid JSON: Invalid UTF-8");
        }

        @Test
        void utf16IsNotAccepted() {
            byte[] frame = "[null,null,\"t\",\"e\",{}]".getBytes(StandardCharsets.UTF_16LE);
            assertThatThrownBy(() -> V2.decode(frame, false))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage("message is not UTF-8 JSON");
        }
    }

    @Nested
    @DisplayName("encoding text frames")
    class EncodingText {

        @Test
        void joinReplyOk() {
            assertEncodes(Reply.of("3", "3", "room:lobby", "ok", json("{\"history\":[]}")),
                    "[\"3\",\"3\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"history\":[]}}]");
        }

        @Test
        void errorReply() {
            assertEncodes(Reply.of("3", "7", "room:lobby", "error", json("{\"errors\":{\"body\":\"too long\"}}")),
                    "[\"3\",\"7\",\"room:lobby\",\"phx_reply\","
                            + "{\"status\":\"error\",\"response\":{\"errors\":{\"body\":\"too long\"}}}]");
        }

        @Test
        void serverPushToOneClientHasANullRef() {
            assertEncodes(Message.of("3", null, "room:lobby", "presence_state", Payload.empty()),
                    "[\"3\",null,\"room:lobby\",\"presence_state\",{}]");
        }

        @Test
        void aPushAroundALargePayloadIsSplicedAroundTheSameBytesAndReadsTheSame() {
            String big = "{\"k\":\"" + "x".repeat(EncodedFrame.SPLICE_THRESHOLD) + "\"}";
            JsonPayload payload = json(big);
            EncodedFrame encoded = V2.encode(Message.of("3", null, "room:lobby", "presence_state", payload));

            assertThat(encoded.isSpliced()).isTrue();
            assertThat(encoded.shared()).as("not copied").isSameAs(payload.bytes());
            assertThat(encoded.length()).isEqualTo(encoded.bytes().length);
            assertThat(encoded.text()).isEqualTo("[\"3\",null,\"room:lobby\",\"presence_state\"," + big + "]");
            assertThat(V2.encode(Message.of("3", null, "room:lobby", "presence_state", json("{}"))).isSpliced()).isFalse();
        }

        @Test
        void broadcastHasNoRefs() {
            assertEncodes(new Broadcast("room:lobby", "new_msg", json("{\"body\":\"hi\"}")),
                    "[null,null,\"room:lobby\",\"new_msg\",{\"body\":\"hi\"}]");
        }

        @Test
        void heartbeatReply() {
            assertEncodes(Reply.of(null, "12", "phoenix", "ok", Payload.empty()),
                    "[null,\"12\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
        }

        @Test
        void leaveReplyThenClose() {
            assertEncodes(Reply.of("3", "15", "room:lobby", "ok", Payload.empty()),
                    "[\"3\",\"15\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
            assertEncodes(Message.of("3", "3", "room:lobby", "phx_close", Payload.empty()),
                    "[\"3\",\"3\",\"room:lobby\",\"phx_close\",{}]");
        }

        @Test
        void channelCrashed() {
            assertEncodes(Message.of("3", "3", "room:lobby", "phx_error", json("{\"reason\":\"channel_crash\"}")),
                    "[\"3\",\"3\",\"room:lobby\",\"phx_error\",{\"reason\":\"channel_crash\"}]");
        }

        @Test
        void numericRefsAreEchoedAsTheSameNumbers() throws DecodeException {
            Message in = decode("[3, 1.50e1, \"room:lobby\", \"new_msg\", {}]");
            assertEncodes(new Reply(in.joinRef(), in.ref(), in.topic(), "ok", Payload.empty()),
                    "[3,1.50e1,\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
        }

        @Test
        void aNumericRefThatIsNotJsonNumberTextIsRejected() {
            Reply reply = new Reply(null, new Ref("7x", true), "t", "ok", Payload.empty());
            assertThatThrownBy(() -> V2.encode(reply))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("numeric ref is not a JSON number: 7x");
        }

        @Test
        void payloadBytesAreCopiedVerbatim() throws DecodeException {
            JsonPayload received = (JsonPayload) decode("[null,null,\"t\",\"e\",{ \"b\" : [1, 2.50] }]").payload();
            assertEncodes(new Broadcast("t", "e", received), "[null,null,\"t\",\"e\",{ \"b\" : [1, 2.50] }]");
        }

        @Test
        void stringsAreJsonEscaped() {
            assertEncodes(Message.of("q\"b\\", "\u0001", "t\n\r\t\b\f", "\u001f\u007f", Payload.empty()),
                    "[\"q\\\"b\\\\\",\"\\u0001\",\"t\\n\\r\\t\\b\\f\",\"\\u001f\u007f\",{}]");
        }

        @Test
        void nonAsciiIsWrittenAsUtf8() {
            EncodedFrame frame = V2.encode(new Broadcast("r\u00e9", "\u20ac\ud83d\ude00", Payload.empty()));
            assertThat(HEX.formatHex(frame.bytes())).isEqualTo(
                    "5b 6e 75 6c 6c 2c 6e 75 6c 6c 2c 22 72 c3 a9 22 2c 22 e2 82 ac f0 9f 98 80 22 2c 7b 7d 5d");
        }

        @Test
        void anUnpairedSurrogateIsWrittenAsAQuestionMarkLikeJavasUtf8Encoder() {
            assertEncodes(new Broadcast("a\ud800b", "\udc00", Payload.empty()), "[null,null,\"a?b\",\"?\",{}]");
        }

        @Test
        void everyEncodedMessageDecodesBackToItself() throws DecodeException {
            // The server array has the client layout, so decode(encode(m)) must give m back: this
            // checks the hand-written escaping and length arithmetic against Jackson's parser.
            Random random = new Random(42);
            for (int i = 0; i < 2_000; i++) {
                Message m = new Message(randomRef(random), randomRef(random), randomString(random),
                        randomString(random), json("{\"i\":" + i + "}"));
                assertThat(V2.decode(V2.encode(m).bytes(), false)).isEqualTo(m);
            }
        }

        private Ref randomRef(Random random) {
            return switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> new Ref(Integer.toString(random.nextInt(1_000_000)), true);
                default -> new Ref(randomString(random), false);
            };
        }

        private String randomString(Random random) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> sb.append((char) random.nextInt(0x80));
                    case 1 -> sb.append((char) (0x80 + random.nextInt(0x780)));
                    case 2 -> sb.append((char) (0xE000 + random.nextInt(0x2000)));
                    default -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
                }
            }
            return sb.toString();
        }

        @Test
        void encodedFramesAreTextFrames() {
            assertThat(V2.encode(new Broadcast("t", "e", Payload.empty())).binary()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[]", "1", "\"s\"", "null"})
        void serverPayloadsMustBeJsonObjects(String payload) {
            JsonPayload p = json(payload);
            assertThatThrownBy(() -> V2.encode(Message.of("1", null, "t", "e", p)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("payload of a server message must be a JSON object, got " + payload);
            assertThatThrownBy(() -> V2.encode(new Broadcast("t", "e", p)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("payload of a broadcast must be a JSON object, got " + payload);
            assertThatThrownBy(() -> V2.encode(Reply.of("1", "1", "t", "ok", p)))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("reply response must be a JSON object, got " + payload);
        }
    }

    @Nested
    @DisplayName("decoding binary frames (client push, kind 0)")
    class DecodingBinary {

        @Test
        void specExample() throws DecodeException {
            Message m = decodeHex("00 01 01 0a 06 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 75 70 6c 6f 61 64 09 08 07");
            assertThat(m).isEqualTo(Message.of("5", "8", "room:lobby", "upload", bin("09 08 07")));
        }

        @Test
        void zeroLengthRefsDecodeToNull() throws DecodeException {
            Message m = decodeHex("00 00 00 01 01 74 65 ff");
            assertThat(m).isEqualTo(Message.of(null, null, "t", "e", bin("ff")));
        }

        @Test
        void thePayloadMayBeEmpty() throws DecodeException {
            assertThat(decodeHex("00 00 01 01 01 31 74 65").payload()).isEqualTo(bin(""));
        }

        @Test
        void fieldLengthsCountUtf8Bytes() throws DecodeException {
            // topic "ü" is 2 bytes, event "€" is 3 bytes
            Message m = decodeHex("00 00 00 02 03 c3 bc e2 82 ac 01");
            assertThat(m.topic()).isEqualTo("\u00fc");
            assertThat(m.event()).isEqualTo("\u20ac");
            assertThat(m.payload()).isEqualTo(bin("01"));
        }

        @Test
        void fieldsOf255BytesAreAccepted() throws DecodeException {
            String topic = "t".repeat(255);
            byte[] frame = concat(HEX.parseHex("00 00 00 ff 01"), utf8(topic), utf8("e"));
            assertThat(V2.decode(frame, true).topic()).isEqualTo(topic);
        }

        @Test
        void thePayloadIsACopy() throws DecodeException {
            byte[] frame = HEX.parseHex("00 00 00 01 01 74 65 01 02");
            Message m = V2.decode(frame, true);
            frame[7] = 9;
            assertThat(m.payload()).isEqualTo(bin("01 02"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "''                                 | empty binary frame",
                "01 01 01 0a 02 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 6f 6b ca fe | binary frame of kind 1 is not accepted from clients; only kind 0 (push) is",
                "02 0a 03 72 6f 6f 6d 3a 6c 6f 62 62 79 62 69 6e 01 02 03       | binary frame of kind 2 is not accepted from clients; only kind 0 (push) is",
                "ff 00 00 00 00                     | binary frame of kind 255 is not accepted from clients; only kind 0 (push) is",
                "00                                 | truncated binary header: 1 bytes, a push header has 5",
                "00 01 01 0a                        | truncated binary header: 4 bytes, a push header has 5",
                "00 01 01 0a 06 35 38 72 6f 6f 6d   | binary header declares 18 bytes of fields but only 6 follow it",
                "00 ff ff ff ff                     | binary header declares 1020 bytes of fields but only 0 follow it",
                "00 00 00 02 01 c3 28 65            | topic is not valid UTF-8",
                "00 01 00 01 01 ff 74 65            | join_ref is not valid UTF-8",
                "00 00 01 01 01 80 74 65            | ref is not valid UTF-8",
                "00 00 00 01 03 74 e2 82 28         | event is not valid UTF-8",
        })
        void malformedFramesAreDecodeErrors(String hex, String message) {
            assertThatThrownBy(() -> decodeHex(hex))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage(message);
        }
    }

    @Nested
    @DisplayName("encoding binary frames")
    class EncodingBinary {

        @Test
        void serverPushKind0HasNoRef() {
            assertEncodesBinary(Message.of("5", null, "room:lobby", "image", bin("ff d8")),
                    "00 01 0a 05 35 72 6f 6f 6d 3a 6c 6f 62 62 79 69 6d 61 67 65 ff d8");
        }

        @Test
        void aServerPushRefIsNotSentBecauseTheLayoutHasNoPlaceForIt() {
            assertEncodesBinary(Message.of("5", "9", "room:lobby", "image", bin("ff d8")),
                    "00 01 0a 05 35 72 6f 6f 6d 3a 6c 6f 62 62 79 69 6d 61 67 65 ff d8");
        }

        @Test
        void replyKind1CarriesTheStatusLength() {
            assertEncodesBinary(Reply.of("5", "8", "room:lobby", "ok", bin("ca fe")),
                    "01 01 01 0a 02 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 6f 6b ca fe");
        }

        @Test
        void broadcastKind2HasNoRefs() {
            assertEncodesBinary(new Broadcast("room:lobby", "bin", bin("01 02 03")),
                    "02 0a 03 72 6f 6f 6d 3a 6c 6f 62 62 79 62 69 6e 01 02 03");
        }

        @Test
        void nullRefsAreZeroLength() {
            assertEncodesBinary(Reply.of(null, "12", "phoenix", "ok", bin("")),
                    "01 00 02 07 02 31 32 70 68 6f 65 6e 69 78 6f 6b");
            assertEncodesBinary(Message.of(null, null, "t", "e", bin("00")), "00 00 01 01 74 65 00");
        }

        @Test
        void numericRefsAreSentAsTheirText() {
            assertEncodesBinary(new Reply(new Ref("3", true), new Ref("15", true), "t", "ok", bin("")),
                    "01 01 02 01 02 33 31 35 74 6f 6b");
        }

        @Test
        void lengthsCountUtf8Bytes() {
            assertEncodesBinary(new Broadcast("\u00fc", "\u20ac", bin("01")), "02 02 03 c3 bc e2 82 ac 01");
        }

        @Test
        void fieldsOf255BytesFit() {
            EncodedFrame frame = V2.encode(new Reply(new Ref("j".repeat(255), false), new Ref("r".repeat(255), false),
                    "t".repeat(255), "s".repeat(255), bin("")));
            assertThat(frame.bytes()).hasSize(5 + 4 * 255);
            assertThat(HEX.formatHex(frame.bytes(), 0, 5)).isEqualTo("01 ff ff ff ff");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"join_ref", "ref", "topic", "status"})
        void aReplyFieldOf256BytesIsRejectedByName(String field) {
            String big = "x".repeat(256);
            Reply reply = new Reply(
                    new Ref(field.equals("join_ref") ? big : "1", false),
                    new Ref(field.equals("ref") ? big : "1", false),
                    field.equals("topic") ? big : "t",
                    field.equals("status") ? big : "ok",
                    bin("00"));
            assertThatThrownBy(() -> V2.encode(reply))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("binary frame field " + field + " is 256 bytes of UTF-8; the limit is 255");
        }

        @Test
        void anEventOf256BytesIsRejectedInPushesAndBroadcasts() {
            String big = "e".repeat(256);
            assertThatThrownBy(() -> V2.encode(Message.of(null, null, "t", big, bin(""))))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("binary frame field event is 256 bytes of UTF-8; the limit is 255");
            assertThatThrownBy(() -> V2.encode(new Broadcast("t", big, bin(""))))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("binary frame field event is 256 bytes of UTF-8; the limit is 255");
        }

        @Test
        void theLimitIsInUtf8BytesNotCharacters() {
            String topic = "\u00e9".repeat(128); // 128 characters, 256 bytes
            assertThatThrownBy(() -> V2.encode(new Broadcast(topic, "e", bin(""))))
                    .isInstanceOf(EncodeException.class)
                    .hasMessage("binary frame field topic is 256 bytes of UTF-8; the limit is 255");
        }

        @Test
        void textFramesHaveNoFieldLimit() {
            assertThat(V2.encode(new Broadcast("t".repeat(300), "e", Payload.empty())).binary()).isFalse();
        }

        @Test
        void aClientPushRoundTripsThroughDecodeAndAnEchoedBinaryReply() throws DecodeException {
            Message in = decodeHex("00 01 01 0a 06 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 75 70 6c 6f 61 64 09 08 07");
            assertEncodesBinary(new Reply(in.joinRef(), in.ref(), in.topic(), "ok", in.payload()),
                    "01 01 01 0a 02 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 6f 6b 09 08 07");
        }
    }

    private static Message decode(String text) throws DecodeException {
        return V2.decode(utf8(text), false);
    }

    private static Message decodeHex(String hex) throws DecodeException {
        return V2.decode(HEX.parseHex(hex), true);
    }

    private static void assertEncodes(Frame frame, String expected) {
        EncodedFrame encoded = V2.encode(frame);
        assertThat(encoded.binary()).isFalse();
        assertThat(encoded.text()).isEqualTo(expected);
        assertThat(encoded.bytes()).isEqualTo(utf8(expected));
    }

    private static void assertEncodesBinary(Frame frame, String expectedHex) {
        EncodedFrame encoded = V2.encode(frame);
        assertThat(encoded.binary()).isTrue();
        assertThat(HEX.formatHex(encoded.bytes())).isEqualTo(expectedHex);
    }

    private static JsonPayload json(String text) {
        return JsonPayload.trusted(utf8(text));
    }

    private static BinaryPayload bin(String hex) {
        return Payload.binary(HEX.parseHex(hex));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
