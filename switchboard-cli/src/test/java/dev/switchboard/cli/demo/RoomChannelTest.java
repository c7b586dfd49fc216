package dev.switchboard.cli.demo;

import static dev.switchboard.test.PayloadMatch.matching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.test.ClientChannel;
import dev.switchboard.test.ClientSocket;
import dev.switchboard.test.ReceivedFrame;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The demo room's contract (see {@link RoomChannel}), checked the way the chat page and the
 * benchmarks meet it: through {@link DemoApp#socket()}, its connect rule and the real session, on
 * the channel test kit.
 */
class RoomChannelTest {
    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(DemoApp.socket());

    private ClientChannel lobby() {
        return kit.connect(Map.of()).subscribeAndJoin("room:lobby");
    }

    private static Map<String, String> error(String reason) {
        return Map.of("reason", reason);
    }

    @Test
    void everyoneMayJoinAnyRoom() {
        ClientChannel room = kit.connect(Map.of()).subscribeAndJoin("room:anything-at-all");

        assertThat(room.joinReply().response().isEmpty()).isTrue();
        room.refutePush("presence_state");
    }

    @Test
    void otherTopicsAreNotServed() {
        kit.connect(Map.of()).channel("lobby").join().assertError(error("unmatched topic"));
    }

    @Test
    void pingRepliesOkWithThePayloadUnchanged() {
        lobby().push("ping", "{\"n\":1,\"text\":\"héllo\"}").assertOk("{\"n\":1,\"text\":\"héllo\"}");
    }

    @Test
    void pingEchoesBinaryPayloads() {
        ReceivedFrame reply = lobby().push("ping", new byte[] {1, 2, 3}).assertOk(new byte[] {1, 2, 3});

        assertThat(reply.isBinary()).isTrue();
    }

    @Test
    void broadcastSendsMsgWithTheSamePayloadToTheWholeTopicSenderIncludedAndDoesNotReply() {
        ClientChannel ada = lobby();
        ClientChannel bob = lobby();
        ClientChannel elsewhere = kit.connect(Map.of()).subscribeAndJoin("room:other");
        Map<String, Object> message = Map.of("user", "ada", "body", "hi", "ts", 1);

        ada.push("broadcast", message).refuteReply();

        ada.assertPush("msg", message);
        bob.assertPush("msg", message);
        elsewhere.refutePush("msg");
    }

    @Test
    void roomsKeepHistorySoAReconnectingClientGetsWhatItMissed() {
        ClientSocket ada = kit.connect(Map.of());
        ClientChannel room = ada.subscribeAndJoin("room:lobby", Map.of("recover", true));
        ClientChannel bob = lobby();
        bob.push("broadcast", Map.of("body", "first"));
        room.assertPush("msg", Map.of("body", "first"));

        ada.close();
        bob.push("broadcast", Map.of("body", "while you were away"));
        ada.reconnect();

        assertThat(room.recovery().recovered()).isTrue();
        room.assertReplay("msg", Map.of("body", "while you were away"));
    }

    @Test
    void unknownEventsGetAnErrorNamingTheEvent() {
        lobby().push("shout").assertError(error("unknown event shout"));
    }

    // ---- presence_join ----

    @Test
    void presenceJoinTracksTheUserIdPushesTheStateAndRepliesWithTheKey() {
        ClientChannel ada = lobby();
        ClientChannel bob = lobby();

        ada.push("presence_join", Map.of("user_id", "ada", "name", "Ada")).assertOk(Map.of("key", "ada"));

        JsonNode meta = ada.assertPresenceState(Set.of("ada")).payload().path("ada").path("metas").get(0);
        assertThat(meta.get("name").asText()).isEqualTo("Ada");
        assertThat(meta.get("online_at").isIntegralNumber()).isTrue();
        assertThat(meta.get("phx_ref").asText()).hasSize(16);
        bob.assertPresenceDiff(Set.of("ada"), Set.of());
        assertThat(kit.presence("room:lobby").counts()).isEqualTo(Map.of("ada", 1));
    }

    @Test
    void aNumericUserIdBecomesItsDecimalText() {
        lobby().push("presence_join", Map.of("user_id", 42)).assertOk(Map.of("key", "42"));

        assertThat(kit.presence("room:lobby").metas("42").get(0).has("name")).isFalse();
    }

    @Test
    void withoutAUserIdTheConnectParamIsTheKey() {
        ClientChannel room = kit.connect(Map.of("user_id", "from-connect")).subscribeAndJoin("room:lobby");

        room.push("presence_join", Map.of()).assertOk(Map.of("key", "from-connect"));
    }

    @Test
    void withoutAnyUserIdTheKeyIsAUniqueAnonymousId() {
        ClientChannel room = lobby();

        room.push("presence_join", "{\"user_id\":null}")
                .assertOk(matching("an anon- key", r -> r.path("key").asText().startsWith("anon-")));
        lobby().push("presence_join", "{}").assertOk(matching("another anon- key", r -> r.path("key").asText().startsWith("anon-")));
        assertThat(kit.presence("room:lobby").keys()).hasSize(2);
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
        ClientChannel room = lobby();

        room.push("presence_join", payload).assertError(error(reason));

        room.refutePush("presence_state");
        assertThat(kit.presence("room:lobby").isEmpty()).isTrue();
    }

    @Test
    void aTooLongUserIdIsRefused() {
        lobby().push("presence_join", Map.of("user_id", "x".repeat(129)))
                .assertError(error("user_id must be at most 128 characters"));
    }

    @Test
    void aBinaryPayloadIsRefused() {
        lobby().push("presence_join", new byte[] {1})
                .assertError(error("presence_join expects an object payload, e.g. {\"user_id\": \"42\", \"name\": \"Ada\"}"));
    }

    @Test
    void aSecondPresenceJoinOnTheSameChannelIsRefused() {
        ClientChannel room = lobby();
        room.push("presence_join", Map.of("user_id", "ada")).assertOk();

        room.push("presence_join", Map.of("user_id", "bob")).assertError(
                error("already present on room:lobby as \"ada\"; presence_join works once per channel join"));
        assertThat(kit.presence("room:lobby").counts()).isEqualTo(Map.of("ada", 1));
    }

    @Test
    void leavingOrLosingTheConnectionUntracksAndTheOthersSeeTheLeave() {
        ClientChannel watcher = lobby();
        watcher.push("presence_join", Map.of("user_id", "watcher")).assertOk(); // as the chat page does: state first
        ClientChannel ada = lobby();
        ClientChannel bob = lobby();
        ada.push("presence_join", Map.of("user_id", "ada")).assertOk();
        bob.push("presence_join", Map.of("user_id", "bob")).assertOk();
        watcher.assertPresence("watcher", "ada", "bob");

        ada.leave().assertOk();
        bob.socket().close();

        watcher.assertPresence("watcher");
        assertThat(kit.presence("room:lobby").keys()).containsExactly("watcher");
    }
}
