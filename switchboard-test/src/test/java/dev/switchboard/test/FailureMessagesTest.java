package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.test.junit.ChannelTesterExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A failing assertion says what it expected and shows what did arrive, so the output alone explains it. */
class FailureMessagesTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.socket());

    @Test
    void aMissingPushShowsTheFramesThatArrivedAndWhereTheirPayloadsDiffer() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");
        room.push("shout", "{\"body\":\"hi\",\"n\":1}");

        assertThatThrownBy(() -> room.assertPush("shout", "{\"body\":\"hello\",\"n\":1}"))
                .isInstanceOf(AssertionError.class)
                .hasMessage(String.join("\n",
                        "client #1 on room:lobby: expected message \"shout\" {\"body\":\"hello\",\"n\":1}, but none arrived within 0.100 s.",
                        "Not yet asserted on room:lobby (oldest first):",
                        "    0.000 s  [null,null,\"room:lobby\",\"shout\",{\"body\":\"hi\",\"n\":1}]",
                        "             ↳ at $.body: expected \"hello\" but was \"hi\"",
                        "Already asserted on room:lobby (most recent last):",
                        "    0.000 s  [\"1\",\"1\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
                        "(virtual clock at 0.100 s; ChannelTester.transcript() has every frame)"));
    }

    @Test
    void aWrongReplyNamesItsStatusAndShowsTheFrame() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");

        assertThatThrownBy(() -> room.push("fail").assertOk())
                .isInstanceOf(AssertionError.class)
                .hasMessage(String.join("\n",
                        "client #1 on room:lobby: expected the reply to \"fail\" (ref \"2\") to be ok, but its status is \"error\":",
                        "    0.000 s  [\"1\",\"2\",\"room:lobby\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"nope\"}}]",
                        "(virtual clock at 0.000 s; ChannelTester.transcript() has every frame)"));
    }

    @Test
    void aReplyWithAnotherResponseSaysWhereItDiffers() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");

        assertThatThrownBy(() -> room.push("ping", Map.of("n", 1, "extra", true)).assertOk(Map.of("n", 1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be ok {\"n\":1}, but at $: unexpected key \"extra\" (true)");
    }

    @Test
    void aMissingReplyOnACrashedChannelShowsTheError() {
        ClientChannel crash = kit.socket().subscribeAndJoin("crash:a");

        assertThatThrownBy(() -> crash.push("boom").assertOk())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a reply to \"boom\" (ref \"2\"), but none arrived within 0.100 s.")
                .hasMessageContaining("[\"1\",\"1\",\"crash:a\",\"phx_error\",{\"reason\":\"channel_crash\"}]");
    }

    @Test
    void anUnexpectedPushShowsTheFrame() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");
        room.push("shout", Map.of("body", "hi"));

        assertThatThrownBy(() -> room.refutePush("shout"))
                .isInstanceOf(AssertionError.class)
                .hasMessage(String.join("\n",
                        "client #1 on room:lobby: expected no message \"shout\" any payload within 0.100 s, but one arrived:",
                        "    0.000 s  [null,null,\"room:lobby\",\"shout\",{\"body\":\"hi\"}]",
                        "(virtual clock at 0.100 s; ChannelTester.transcript() has every frame)"));
    }

    @Test
    void aMissingBroadcastListsThoseThatWerePublished() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");
        kit.broadcast("room:lobby", "news", Map.of("n", 1));

        assertThatThrownBy(() -> room.assertBroadcast("news", Map.of("n", 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessage(String.join("\n",
                        "room:lobby: expected a broadcast \"news\" {\"n\":2}, but none was published within 0.100 s.",
                        "Broadcasts on room:lobby not yet asserted (oldest first):",
                        "    0.000 s  [null,null,\"room:lobby\",\"news\",{\"n\":1}]",
                        "             ↳ at $.n: expected 2 but was 1",
                        "(virtual clock at 0.100 s; ChannelTester.transcript() has every frame)"));
    }

    @Test
    void aClosedConnectionIsMentioned() {
        ClientSocket client = kit.connect(Map.of("id", "users:1"));
        ClientChannel room = client.subscribeAndJoin("room:lobby");
        kit.node().disconnect("users:1");

        assertThatThrownBy(() -> room.assertPush("news"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("The server closed the connection: 1001 \"disconnected by server\"");
        assertThatThrownBy(() -> room.push("ping"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("client #1 is not connected: the server closed the connection with 1001 \"disconnected by server\"; reconnect() first");
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedWithTheReason() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");

        assertThatThrownBy(() -> room.push("ping", "not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("payload is a String that is not JSON text: not json");
        assertThatThrownBy(() -> room.assertPush("ping", "{broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected payload is a String that is not JSON text: {broken");
    }
}
