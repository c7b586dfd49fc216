package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Serializers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §5.4: how a long-poll POST body becomes messages. */
class PostBodyTest {
    private static final String NDJSON = "application/x-ndjson";
    /** §5.2 step 5: join_ref "5", ref "8", room:lobby, upload, payload 09 08 07. */
    private static final String BINARY_LINE = Base64.getEncoder().encodeToString(
            HexFormat.of().parseHex("0001010a063538726f6f6d3a6c6f62627975706c6f6164090807"));

    private static List<Message> decode(String body, String contentType) throws PostBody.BadBodyException {
        return PostBody.decode(body.getBytes(StandardCharsets.UTF_8), contentType, Serializers.v2());
    }

    @Test
    void ndjsonLinesInOrderTextAndBase64Binary() throws Exception {
        List<Message> messages = decode("[\"3\",\"4\",\"room:lobby\",\"ping\",{}]\n" + BINARY_LINE, NDJSON);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).event()).isEqualTo("ping");
        Message binary = messages.get(1);
        assertThat(binary.event()).isEqualTo("upload");
        assertThat(binary.ref().toString()).contains("8");
        assertThat(((BinaryPayload) binary.payload()).bytes()).containsExactly(9, 8, 7);
    }

    @Test
    void crlfAndBlankLinesAreTolerated() throws Exception {
        List<Message> messages = decode("[null,\"1\",\"phoenix\",\"heartbeat\",{}]\r\n\r\n[null,\"2\",\"phoenix\",\"heartbeat\",{}]\n", NDJSON);
        assertThat(messages).extracting(m -> m.ref().toString()).hasSize(2);
    }

    @Test
    void contentTypeParametersAndCaseDoNotMatter() throws Exception {
        assertThat(decode("[null,\"1\",\"phoenix\",\"heartbeat\",{}]\n[null,\"2\",\"phoenix\",\"heartbeat\",{}]",
                "Application/X-NDJSON; charset=utf-8")).hasSize(2);
    }

    @Test
    void onlyTheFirstHundredLinesCount() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            lines.add("[null,\"" + i + "\",\"phoenix\",\"heartbeat\",{}]");
        }
        lines.set(120, "garbage that would be refused if it were read");
        List<Message> messages = decode(String.join("\n", lines), NDJSON);
        assertThat(messages).hasSize(LongPollProtocol.MAX_LINES_PER_POST);
        assertThat(messages.get(99).ref().toString()).contains("100");
    }

    @Test
    void otherContentTypesAreOneFrame() throws Exception {
        List<Message> messages = PostBody.decode(
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":\"1\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", Serializers.v1());
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).topic()).isEqualTo("t");
        assertThatThrownBy(() -> decode("[null,\"1\",\"phoenix\",\"heartbeat\",{}]\n[null,\"2\",\"phoenix\",\"heartbeat\",{}]", null))
                .as("without the ndjson type two lines are one (invalid) frame")
                .isInstanceOf(PostBody.BadBodyException.class);
    }

    @Test
    void emptyNdjsonBodyIsNoMessages() throws Exception {
        assertThat(decode("", NDJSON)).isEmpty();
        assertThat(decode("\n\n", NDJSON)).isEmpty();
    }

    @Test
    void badBase64NamesTheLine() {
        assertThatThrownBy(() -> decode("[null,\"1\",\"phoenix\",\"heartbeat\",{}]\nnot base64!", NDJSON))
                .isInstanceOf(PostBody.BadBodyException.class)
                .hasMessageStartingWith("line 2 is neither a JSON frame nor base64");
    }

    @Test
    void invalidFrameNamesTheLine() {
        assertThatThrownBy(() -> decode("[null,\"1\",\"phoenix\",\"heartbeat\",{}]\n[\"1\",\"1\"]", NDJSON))
                .isInstanceOf(PostBody.BadBodyException.class)
                .hasMessageStartingWith("line 2: invalid message: ");
        assertThatThrownBy(() -> decode("AAEB", NDJSON)).as("base64 of a truncated binary frame")
                .hasMessageStartingWith("line 1: invalid message: ");
    }
}
