package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.JsonPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The two body forms of the publish API, and a named 4xx for every way to get them wrong. */
class PublishBodyTest {

    // --- single topic --------------------------------------------------------------------------

    @Test
    void aBodyWithoutPayloadIsThePayloadForwardedByteForByte() throws Exception {
        byte[] body = bytes("{\"body\": \"hi\",\n \"n\": 1}\n");

        Publication p = PublishBody.single("room:a", body);

        assertThat(p.topic()).isEqualTo("room:a");
        assertThat(p.event()).isEqualTo("msg");
        assertThat(((JsonPayload) p.payload()).bytes()).isEqualTo(body);
    }

    @Test
    void aBodysOwnEventStringNamesTheEvent() throws Exception {
        assertThat(PublishBody.single("t", bytes("{\"event\":\"alert\",\"level\":2}")).event()).isEqualTo("alert");
    }

    @Test
    void theEnvelopeFormTakesEventAndPayload() throws Exception {
        Publication p = PublishBody.single("t", bytes("{\"event\":\"alert\",\"payload\":{\"level\":3}}"));

        assertThat(p.event()).isEqualTo("alert");
        assertThat(p.payload().json().toString()).isEqualTo("{\"level\":3}");
        assertThat(PublishBody.single("t", bytes("{\"payload\":{}}")).event()).isEqualTo("msg");
    }

    @Test
    void anUnknownFieldInTheEnvelopeIsNamedWithTheAllowedOnes() {
        assertRefused(() -> PublishBody.single("t", bytes("{\"payload\":{},\"evnt\":\"x\"}")), 400,
                "unknown field 'evnt' in the {\"event\",\"payload\"} form; allowed: event, payload");
    }

    @Test
    void wrongTypesAreNamed() {
        assertRefused(() -> PublishBody.single("t", bytes("{\"event\":5}")), 400, "'event' must be a string");
        assertRefused(() -> PublishBody.single("t", bytes("{\"payload\":[]}")), 400, "'payload' must be a JSON object");
        assertRefused(() -> PublishBody.single("t", bytes("{\"payload\":null}")), 400, "'payload' must be a JSON object");
        assertRefused(() -> PublishBody.single("t", bytes("[1,2]")), 400, "body must be a JSON object");
        assertRefused(() -> PublishBody.single("t", bytes("\"text\"")), 400, "body must be a JSON object");
    }

    @Test
    void badJsonNamesLineAndColumn() {
        assertRefused(() -> PublishBody.single("t", bytes("{\n  \"a\": 1,\n  oops\n}")), 400,
                "invalid JSON at line 3, column 3: Unexpected character ('o'");
        assertRefused(() -> PublishBody.single("t", bytes("{} {}")), 400, "invalid JSON at line 1, column 4");
    }

    @Test
    void emptyAndNonUtf8BodiesAreRefused() {
        assertRefused(() -> PublishBody.single("t", new byte[0]), 400, "empty body: send a JSON object");
        assertRefused(() -> PublishBody.single("t", bytes(" \n")), 400, "empty body");
        assertRefused(() -> PublishBody.single("t", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'}),
                400, "body is not valid UTF-8");
        assertRefused(() -> PublishBody.single("t", "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)), 400, "invalid JSON");
    }

    @Test
    void aUtf8ByteOrderMarkIsNotForwarded() throws Exception {
        byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

        Publication p = PublishBody.single("t", body);

        assertThat(p.payload().json().toString()).isEqualTo("{}");
        assertThat(((JsonPayload) p.payload()).bytes()).containsExactly('{', '}');
    }

    @Test
    void topicsAreOneTo255Bytes() throws Exception {
        assertRefused(() -> PublishBody.single("", bytes("{}")), 400, "missing topic: POST /api/broadcast/{topic}");
        PublishBody.single("x".repeat(255), bytes("{}"));
        assertRefused(() -> PublishBody.single("x".repeat(256), bytes("{}")), 400,
                "'topic' is 256 bytes; the limit is 255 bytes (UTF-8)");
        assertRefused(() -> PublishBody.single("é".repeat(128), bytes("{}")), 400, "'topic' is 256 bytes");
    }

    // --- batch ---------------------------------------------------------------------------------

    @Test
    void aBatchIsReadInOrderWithEventDefaultingToMsg() throws Exception {
        List<Publication> batch = PublishBody.batch(bytes("{\"messages\":["
                + "{\"topic\":\"room:a\",\"event\":\"new\",\"payload\":{\"n\":1}},"
                + "{\"topic\":\"room:b\",\"payload\":{\"n\":2}}]}"));

        assertThat(batch).extracting(Publication::topic).containsExactly("room:a", "room:b");
        assertThat(batch).extracting(Publication::event).containsExactly("new", "msg");
        assertThat(batch.get(1).payload().json().toString()).isEqualTo("{\"n\":2}");
    }

    @Test
    void eachBatchEntryIsValidatedByIndex() {
        assertRefused(() -> batch("{\"topic\":\"a\",\"payload\":{}}, {\"topic\":\"a\",\"payload\":{}}, {\"topic\":\"a\",\"payload\":[]}"),
                400, "'messages[2].payload' must be a JSON object");
        assertRefused(() -> batch("{\"topic\":\"a\"}"), 400, "'messages[0].payload' is missing");
        assertRefused(() -> batch("{\"payload\":{}}"), 400, "'messages[0].topic' is missing");
        assertRefused(() -> batch("{\"topic\":7,\"payload\":{}}"), 400, "'messages[0].topic' must be a string");
        assertRefused(() -> batch("{\"topic\":\"\",\"payload\":{}}"), 400, "'messages[0].topic' must not be empty");
        assertRefused(() -> batch("{\"topic\":\"" + "x".repeat(256) + "\",\"payload\":{}}"), 400,
                "'messages[0].topic' is 256 bytes; the limit is 255 bytes");
        assertRefused(() -> batch("{\"topic\":\"a\",\"event\":true,\"payload\":{}}"), 400, "'messages[0].event' must be a string");
        assertRefused(() -> batch("{\"topic\":\"a\",\"payload\":{},\"data\":1}"), 400,
                "unknown field 'data' in 'messages[0]'; allowed: topic, event, payload");
        assertRefused(() -> batch("\"room:a\""), 400, "'messages[0]' must be a JSON object");
    }

    @Test
    void theBatchEnvelopeIsValidated() {
        assertRefused(() -> PublishBody.batch(bytes("{}")), 400, "missing 'messages': POST /api/broadcast takes");
        assertRefused(() -> PublishBody.batch(bytes("{\"messages\":[],\"extra\":1}")), 400,
                "unknown field 'extra' in the batch form; allowed: messages");
        assertRefused(() -> PublishBody.batch(bytes("{\"messages\":{}}")), 400, "'messages' must be an array");
        assertRefused(() -> PublishBody.batch(bytes("{\"messages\":[]}")), 400, "'messages' is empty: send 1 to 1000 messages");
        assertRefused(() -> PublishBody.batch(bytes("[]")), 400, "body must be a JSON object");
    }

    @Test
    void aBatchOverTheLimitIs413NamingIt() throws Exception {
        String entry = "{\"topic\":\"a\",\"payload\":{}}";
        assertThat(batch(String.join(",", java.util.Collections.nCopies(PublishBody.MAX_BATCH_MESSAGES, entry)))).hasSize(1000);
        assertRefused(() -> batch(String.join(",", java.util.Collections.nCopies(PublishBody.MAX_BATCH_MESSAGES + 1, entry))),
                413, "'messages' has 1001 entries; the limit is 1000 per request (MAX_BATCH_MESSAGES)");
    }

    // -------------------------------------------------------------------------------------------

    private static List<Publication> batch(String entries) throws ApiError {
        return PublishBody.batch(bytes("{\"messages\":[" + entries + "]}"));
    }

    private static void assertRefused(ThrowingCallable call, int status, String reasonStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.reason()).startsWith(reasonStart);
            assertThat(e.status().code()).isEqualTo(status);
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
