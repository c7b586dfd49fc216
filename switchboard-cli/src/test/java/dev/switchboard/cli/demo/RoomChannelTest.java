package dev.switchboard.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Payload;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoomChannelTest {
    private final RoomChannel channel = new RoomChannel();
    private final FakeChannelContext ctx = new FakeChannelContext("room:lobby");

    @AfterEach
    void close() {
        ctx.close();
    }

    private HandleResult presenceJoin(String json) {
        return channel.handleIn("presence_join", Payload.parse(json), ctx);
    }

    private static HandleResult error(String reason) {
        return new HandleResult.Reply("error", Payload.json(Map.of("reason", reason)));
    }

    @Test
    void everyoneMayJoinAnyRoom() {
        JoinResult result = channel.join("room:lobby", Payload.empty(), ctx);

        assertThat(result).isInstanceOf(JoinResult.Ok.class);
        assertThat(ctx.sent).isEmpty();
    }

    @Test
    void pingRepliesOkWithThePayloadUnchanged() {
        Payload payload = Payload.parse("{\"n\":1,\"text\":\"héllo\"}");

        HandleResult result = channel.handleIn("ping", payload, ctx);

        assertThat(result).isEqualTo(new HandleResult.Reply("ok", payload));
        assertThat(ctx.sent).isEmpty();
    }

    @Test
    void pingEchoesBinaryPayloads() {
        Payload payload = Payload.binary(new byte[] {1, 2, 3});

        HandleResult result = channel.handleIn("ping", payload, ctx);

        assertThat(result).isInstanceOfSatisfying(HandleResult.Reply.class, reply -> {
            assertThat(reply.status()).isEqualTo("ok");
            assertThat(reply.response()).isSameAs(payload);
        });
    }

    @Test
    void broadcastSendsMsgWithTheSamePayloadToTheWholeTopicAndDoesNotReply() {
        Payload payload = Payload.parse("{\"user\":\"ada\",\"body\":\"hi\",\"ts\":1}");

        HandleResult result = channel.handleIn("broadcast", payload, ctx);

        assertThat(result).isSameAs(HandleResult.noReply());
        assertThat(ctx.sent).containsExactly(
                new FakeChannelContext.Sent("broadcast", "room:lobby", "msg", payload));
    }

    @Test
    void unknownEventsGetAnErrorNamingTheEvent() {
        HandleResult result = channel.handleIn("shout", Payload.empty(), ctx);

        assertThat(result).isEqualTo(
                new HandleResult.Reply("error", Payload.parse("{\"reason\":\"unknown event shout\"}")));
        assertThat(ctx.sent).isEmpty();
    }

    // ---- presence_join ----

    @Test
    void presenceJoinTracksTheUserIdPushesTheStateAndRepliesWithTheKey() {
        HandleResult result = presenceJoin("{\"user_id\":\"ada\",\"name\":\"Ada\"}");

        assertThat(result).isEqualTo(new HandleResult.Reply("ok", Payload.json(Map.of("key", "ada"))));
        assertThat(ctx.sent).singleElement().satisfies(sent -> {
            assertThat(sent.kind()).isEqualTo("push");
            assertThat(sent.event()).isEqualTo("presence_state");
            JsonNode meta = ((Payload) sent.payload()).json().path("ada").path("metas").get(0);
            assertThat(meta.get("name").asText()).isEqualTo("Ada");
            assertThat(meta.get("online_at").isIntegralNumber()).isTrue();
            assertThat(meta.get("phx_ref").asText()).hasSize(16);
        });
        assertThat(ctx.tracker().list("room:lobby").counts()).isEqualTo(Map.of("ada", 1));
    }

    @Test
    void aNumericUserIdBecomesItsDecimalText() {
        assertThat(presenceJoin("{\"user_id\":42}")).isEqualTo(new HandleResult.Reply("ok", Payload.json(Map.of("key", "42"))));
        assertThat(ctx.tracker().list("room:lobby").metas("42").get(0).has("name")).isFalse();
    }

    @Test
    void withoutAUserIdTheConnectParamIsTheKey() {
        ctx.assign("user_id", "from-connect");

        assertThat(presenceJoin("{}")).isEqualTo(new HandleResult.Reply("ok", Payload.json(Map.of("key", "from-connect"))));
    }

    @Test
    void withoutAnyUserIdTheKeyIsAUniqueAnonymousId() {
        HandleResult result = presenceJoin("{\"user_id\":null}");

        assertThat(result).isInstanceOfSatisfying(HandleResult.Reply.class, reply -> {
            assertThat(reply.status()).isEqualTo("ok");
            assertThat(reply.response().json().get("key").asText()).startsWith("anon-");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[1,2]                   | presence_join expects an object payload, e.g. {\"user_id\": \"42\", \"name\": \"Ada\"}",
        "\"ada\"                | presence_join expects an object payload, e.g. {\"user_id\": \"42\", \"name\": \"Ada\"}",
        "{\"user_id\":{}}       | user_id must be a string or a number, got object",
        "{\"user_id\":[\"a\"]}  | user_id must be a string or a number, got array",
        "{\"user_id\":true}     | user_id must be a string or a number, got boolean",
        "{\"user_id\":\"\"}     | user_id must not be empty",
        "{\"user_id\":\"  \"}   | user_id must not be empty",
        "{\"name\":7}           | name must be a string, got number",
    })
    void badInputGetsAnErrorSayingWhatIsWrong(String payload, String reason) {
        assertThat(presenceJoin(payload)).isEqualTo(error(reason));
        assertThat(ctx.tracker().list("room:lobby").isEmpty()).isTrue();
        assertThat(ctx.sent).isEmpty();
    }

    @Test
    void aTooLongUserIdIsRefused() {
        assertThat(presenceJoin("{\"user_id\":\"" + "x".repeat(129) + "\"}"))
                .isEqualTo(error("user_id must be at most 128 characters"));
    }

    @Test
    void aBinaryPayloadIsRefused() {
        assertThat(channel.handleIn("presence_join", Payload.binary(new byte[] {1}), ctx))
                .isEqualTo(error("presence_join expects an object payload, e.g. {\"user_id\": \"42\", \"name\": \"Ada\"}"));
    }

    @Test
    void aSecondPresenceJoinOnTheSameChannelIsRefused() {
        presenceJoin("{\"user_id\":\"ada\"}");

        assertThat(presenceJoin("{\"user_id\":\"bob\"}")).isEqualTo(
                error("already present on room:lobby as \"ada\"; presence_join works once per channel join"));
        assertThat(ctx.tracker().list("room:lobby").counts()).isEqualTo(Map.of("ada", 1));
    }
}
