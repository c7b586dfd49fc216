package dev.switchboard.test;

import static dev.switchboard.test.PayloadMatch.any;
import static dev.switchboard.test.PayloadMatch.containing;
import static dev.switchboard.test.PayloadMatch.exactly;
import static dev.switchboard.test.PayloadMatch.matching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payload expectations: JSON as a client reads it, numbers by value, partial matches, binary, predicates. */
class PayloadMatchTest {
    record Message(String body, int n) {}

    private static ReceivedFrame push(String json) {
        JsonNode payload = Payload.parse(json).node();
        return new ReceivedFrame(ReceivedFrame.Kind.PUSH, "1", null, "t", "e", payload, null, Duration.ZERO, 1, json);
    }

    private static ReceivedFrame binary(byte... bytes) {
        return new ReceivedFrame(ReceivedFrame.Kind.PUSH, "1", null, "t", "e", null, bytes, Duration.ZERO, 1, "binary");
    }

    @Test
    void exactlyComparesJsonWithKeysInAnyOrderAndNumbersByValue() {
        ReceivedFrame frame = push("{\"n\":1,\"body\":\"hi\",\"x\":1.0}");

        assertThat(exactly("{\"body\":\"hi\",\"x\":1,\"n\":1.00}").mismatch(frame)).isNull();
        assertThat(exactly(Map.of("body", "hi", "n", 1L, "x", 1)).mismatch(frame)).isNull();
        assertThat(exactly(Map.of("body", "hi", "n", 2, "x", 1)).mismatch(frame)).isEqualTo("at $.n: expected 2 but was 1");
        assertThat(exactly(Map.of("body", "hi", "n", 1)).mismatch(frame)).isEqualTo("at $: unexpected key \"x\" (1.0)");
        assertThat(exactly(Map.of("body", "hi", "n", 1, "x", 1, "y", 0)).mismatch(frame)).isEqualTo("at $.y: expected 0 but it is absent");
    }

    @Test
    void recordsAndJsonNodesAreExpectationsToo() {
        ReceivedFrame frame = push("{\"body\":\"hi\",\"n\":3}");

        assertThat(exactly(new Message("hi", 3)).mismatch(frame)).isNull();
        assertThat(exactly(Json.MAPPER.createObjectNode().put("body", "hi").put("n", 3)).mismatch(frame)).isNull();
        assertThat(frame.bodyAs(Message.class)).isEqualTo(new Message("hi", 3));
    }

    @Test
    void containingIgnoresKeysNotMentionedAtEveryDepthButArraysMatchElementByElement() {
        ReceivedFrame frame = push("{\"user\":{\"id\":7,\"name\":\"ann\"},\"tags\":[{\"k\":1,\"v\":2}],\"at\":123}");

        assertThat(containing(Map.of("user", Map.of("id", 7))).mismatch(frame)).isNull();
        assertThat(containing(Map.of("tags", List.of(Map.of("k", 1)))).mismatch(frame)).isNull();
        assertThat(containing(Map.of("tags", List.of())).mismatch(frame)).startsWith("at $.tags: expected an array of 0 but it has 1");
        assertThat(containing(Map.of("user", Map.of("id", 8))).mismatch(frame)).isEqualTo("at $.user.id: expected 8 but was 7");
    }

    @Test
    void binaryPayloadsMatchByteForByte() {
        assertThat(exactly(new byte[] {1, 2}).mismatch(binary((byte) 1, (byte) 2))).isNull();
        assertThat(exactly(new byte[] {1, 2}).mismatch(binary((byte) 1))).isEqualTo("binary payload differs: 1 bytes: 01");
        assertThat(exactly(new byte[] {1}).mismatch(push("{}"))).isEqualTo("expected a binary payload but it is JSON");
        assertThat(exactly("{}").mismatch(binary((byte) 1))).isEqualTo("expected JSON but the payload is binary");
    }

    @Test
    void anyAndMatchingDescribeThemselves() {
        ReceivedFrame frame = push("{\"body\":\"a b c\"}");

        assertThat(any().mismatch(frame)).isNull();
        assertThat(any().mismatch(binary((byte) 0))).isNull();
        PayloadMatch threeWords = matching("three words", p -> p.path("body").asText().split(" ").length == 3);
        assertThat(threeWords.mismatch(frame)).isNull();
        assertThat(threeWords.mismatch(push("{\"body\":\"a\"}"))).isEqualTo("does not satisfy: three words");
        assertThat(threeWords).hasToString("three words");
    }
}
