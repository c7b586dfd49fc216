package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client events on joined and unjoined topics, replies, stops and assigns (spec §3.4, §3.5, §3.8). */
class SessionEventTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private TestConnection client;

    @BeforeEach
    void connect() {
        client = TestConnection.open(endpoint, TestSocket.definition(events), shard,
                ConnectResult.accept(Map.of("user", "ann"), "user_socket:1"));
        client.join("room:a", "1").takeTexts();
    }

    @Test
    void anEventWithTheLiveJoinRefIsHandledAndRepliedWithJoinRefAndRequestRef() {
        client.send(q("['1','7','room:a','ping',{'body':'hi'}]"));

        assertThat(client.texts()).containsExactly(
                q("['1','7','room:a','phx_reply',{'status':'ok','response':{'body':'hi'}}]"));
    }

    @Test
    void anEventWithANullJoinRefIsAcceptedAndRepliedWithTheInstancesJoinRef() {
        client.send(q("[null,'7','room:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(q("['1','7','room:a','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void anEventWithAStaleJoinRefIsDroppedSilently() {
        client.send(q("['99','7','room:a','ping',{}]"));

        assertThat(client.texts()).isEmpty();
        assertThat(events.starting("room:a handleIn")).isEmpty();
    }

    @Test
    void anEventForATopicThatWasNeverJoinedIsAnsweredUnmatchedTopicWithANullJoinRef() {
        client.send(q("['1','7','room:b','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[null,'7','room:b','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
    }

    @Test
    void replyStatusIsAnyString() {
        client.send(q("['1','7','room:a','fail',{}]"));
        client.send(q("['1','8','room:a','custom',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['1','7','room:a','phx_reply',{'status':'error','response':{'reason':'nope'}}]"),
                q("['1','8','room:a','phx_reply',{'status':'custom','response':{'n':1}}]"));
    }

    @Test
    void aNoReplyEventSendsNothing() {
        client.send(q("['1','7','room:a','silent',{}]"));

        assertThat(client.texts()).isEmpty();
        assertThat(events.starting("room:a handleIn")).containsExactly("room:a handleIn silent");
    }

    @Test
    void aReplyCanBeSentLaterFromAnotherThread() {
        client.join("async:a", "2").takeTexts();

        client.send(q("['2','9','async:a','later',{}]"));
        shard.awaitUntil(() -> client.transport().frameCount() == 1);

        assertThat(client.texts()).containsExactly(
                q("['2','9','async:a','phx_reply',{'status':'ok','response':{'late':true}}]"));
    }

    @Test
    void stopWithAReplySendsTheReplyThenPhxCloseAndRemovesTheChannel() {
        client.join("stop:a", "2").takeTexts();

        client.send(q("['2','9','stop:a','stop',{}]"));
        client.send(q("['2','10','stop:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['2','9','stop:a','phx_reply',{'status':'ok','response':{'bye':true}}]"),
                q("['2','2','stop:a','phx_close',{}]"),
                q("[null,'10','stop:a','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
        assertThat(events.starting("stop:a terminate")).containsExactly("stop:a terminate STOPPED");
    }

    @Test
    void stopWithoutAReplySendsOnlyPhxClose() {
        client.join("stop:a", "2").takeTexts();

        client.send(q("['2','9','stop:a','stop_quietly',{}]"));

        assertThat(client.texts()).containsExactly(q("['2','2','stop:a','phx_close',{}]"));
    }

    @Test
    void aStoppedChannelNoLongerReceivesBroadcasts() {
        client.join("stop:a", "2").send(q("['2','9','stop:a','stop_quietly',{}]")).takeTexts();

        endpoint.broadcast("stop:a", "news", Map.of());
        client.runShard();

        assertThat(client.texts()).isEmpty();
    }

    @Test
    void connectAssignsAndTheSocketIdAreVisibleToChannels() {
        client.send(q("['1','7','room:a','assigns',{}]"));
        client.send(q("['1','8','room:a','whoami',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['1','7','room:a','phx_reply',{'status':'ok','response':{'user':'ann'}}]"),
                q("['1','8','room:a','phx_reply',{'status':'ok','response':{'socket_id':'user_socket:1'}}]"));
    }

    @Test
    void anAssignOnOneChannelDoesNotLeakToAnotherChannelOrANewInstance() {
        client.join("room:b", "2").takeTexts();

        client.send(q("['1','7','room:a','assign',{'mood':'happy','user':'bob'}]"));
        client.send(q("['1','8','room:a','assigns',{}]"));
        client.send(q("['2','9','room:b','assigns',{}]"));
        assertThat(client.takeTexts()).containsExactly(
                q("['1','7','room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['1','8','room:a','phx_reply',{'status':'ok','response':{'mood':'happy','user':'bob'}}]"),
                q("['2','9','room:b','phx_reply',{'status':'ok','response':{'user':'ann'}}]"));

        client.join("room:a", "3").takeTexts();
        client.send(q("['3','10','room:a','assigns',{}]"));
        assertThat(client.texts()).containsExactly(
                q("['3','10','room:a','phx_reply',{'status':'ok','response':{'user':'ann'}}]"));
    }

    @Test
    void aBinaryPushIsHandledAndItsBinaryReplyUsesTheReplyLayout() {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        client.join("room:lobby", "5").takeTexts();

        // Spec §2.4: join_ref "5", ref "8", topic "room:lobby", event "ping", payload 09 08 07.
        client.sendBinary(hex.parseHex("00 01 01 0a 04 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 70 69 6e 67 09 08 07"));

        assertThat(client.transport().frames()).singleElement().satisfies(f -> {
            assertThat(f.binary()).isTrue();
            assertThat(hex.formatHex(f.bytes()))
                    .isEqualTo("01 01 01 0a 02 35 38 72 6f 6f 6d 3a 6c 6f 62 62 79 6f 6b 09 08 07");
        });
    }
}
