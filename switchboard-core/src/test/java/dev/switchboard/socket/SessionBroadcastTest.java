package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.testkit.InMemoryTransport;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broadcasts, broadcast_from and intercepts (spec §3.6). Two clients on two shards. */
class SessionBroadcastTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shardA = new QueueShard();
    private final QueueShard shardB = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private final SocketDefinition socket = TestSocket.definition(events);
    private TestConnection ann;
    private TestConnection bob;

    @BeforeEach
    void connect() {
        ann = TestConnection.open(endpoint, socket, shardA);
        bob = TestConnection.open(endpoint, socket, shardB);
    }

    private void deliver() {
        shardA.runAll();
        shardB.runAll();
    }

    @Test
    void aBroadcastReachesEverySubscriberAsNullNullTopicEventPayload() {
        ann.join("room:a", "1").takeTexts();
        bob.join("room:a", "7").takeTexts();

        ann.send(q("['1','2','room:a','shout',{'body':'hi'}]"));
        deliver();

        assertThat(ann.texts()).containsExactly(q("[null,null,'room:a','shout',{'body':'hi'}]"));
        assertThat(bob.texts()).containsExactly(q("[null,null,'room:a','shout',{'body':'hi'}]"));
    }

    @Test
    void everySubscriberIsHandedTheSameEncodedFrame() {
        ann.join("room:a", "1").takeTexts();
        bob.join("room:a", "7").takeTexts();

        endpoint.broadcast("room:a", "news", Map.of("n", 1));
        deliver();

        List<EncodedFrame> annFrames = ann.transport().frames();
        List<EncodedFrame> bobFrames = bob.transport().frames();
        assertThat(annFrames).hasSize(1);
        assertThat(bobFrames).hasSize(1);
        assertThat(annFrames.get(0)).isSameAs(bobFrames.get(0));
        assertThat(ann.transport().sharedFrames()).as("written through the shared path")
                .containsExactly(annFrames.get(0));
    }

    @Test
    void broadcastFromSkipsTheSendingChannel() {
        ann.join("room:a", "1").takeTexts();
        bob.join("room:a", "7").takeTexts();

        ann.send(q("['1','2','room:a','shout_from',{'body':'hi'}]"));
        deliver();

        assertThat(ann.texts()).isEmpty();
        assertThat(bob.texts()).containsExactly(q("[null,null,'room:a','shout',{'body':'hi'}]"));
    }

    @Test
    void broadcastFromStillReachesTheSendersOtherConnections() {
        TestConnection annElsewhere = TestConnection.open(endpoint, socket, shardA);
        ann.join("room:a", "1").takeTexts();
        annElsewhere.join("room:a", "1").takeTexts();

        ann.send(q("['1','2','room:a','shout_from',{}]"));
        deliver();

        assertThat(ann.texts()).isEmpty();
        assertThat(annElsewhere.texts()).containsExactly(q("[null,null,'room:a','shout',{}]"));
    }

    @Test
    void broadcastsFromOnePublisherArriveInPublishOrder() {
        ann.join("room:a", "1").takeTexts();

        for (int i = 0; i < 50; i++) {
            endpoint.broadcast("room:a", "n", Map.of("i", i));
        }
        deliver();

        List<String> texts = ann.texts();
        assertThat(texts).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(texts.get(i)).isEqualTo(q("[null,null,'room:a','n',{'i':" + i + "}]"));
        }
    }

    @Test
    void anInterceptedEventIsRewrittenPerSubscriberAndSentAsAPushWithJoinRef() {
        ann.send(q("['1','1','intercept:a','phx_join',{'user':'ann'}]")).takeTexts();
        bob.send(q("['7','7','intercept:a','phx_join',{'user':'bob'}]")).takeTexts();

        endpoint.broadcast("intercept:a", "secret_msg", Map.of("text", "classified"));
        deliver();

        assertThat(ann.texts()).containsExactly(
                q("['1',null,'intercept:a','secret_msg',{'for':'ann','redacted':true}]"));
        assertThat(bob.texts()).containsExactly(
                q("['7',null,'intercept:a','secret_msg',{'for':'bob','redacted':true}]"));
    }

    @Test
    void anInterceptCanFilterABroadcastOut() {
        ann.send(q("['1','1','intercept:a','phx_join',{'user':'ann'}]")).takeTexts();

        endpoint.broadcast("intercept:a", "secret_msg", Map.of("drop", true));
        deliver();

        assertThat(ann.texts()).isEmpty();
        assertThat(events.starting("intercept:a handleOut")).containsExactly("intercept:a handleOut secret_msg for ann");
    }

    @Test
    void eventsThatAreNotInterceptedTakeTheSharedFastlane() {
        ann.send(q("['1','1','intercept:a','phx_join',{'user':'ann'}]")).takeTexts();

        endpoint.broadcast("intercept:a", "public_msg", Map.of("text", "hi"));
        deliver();

        assertThat(ann.texts()).containsExactly(q("[null,null,'intercept:a','public_msg',{'text':'hi'}]"));
        assertThat(events.starting("intercept:a handleOut")).isEmpty();
    }

    @Test
    void aBroadcastPublishedBeforeAJoinIsNotDelivered() {
        endpoint.broadcast("room:a", "early", Map.of());
        ann.join("room:a", "1");
        deliver();

        assertThat(ann.texts()).containsExactly(q("['1','1','room:a','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void aBinaryBroadcastIsABinaryFrameOnWebSocketAndDroppedForTextOnlyAndV1Clients() {
        TestConnection longPoll = TestConnection.open(endpoint, socket, shardA, Serializers.v2(),
                (ConnectResult.Accepted) ConnectResult.accept(), new InMemoryTransport(shardA, false));
        TestConnection v1 = TestConnection.open(endpoint, socket, shardA, Serializers.v1(),
                (ConnectResult.Accepted) ConnectResult.accept());
        ann.join("room:a", "1").takeTexts();
        longPoll.join("room:a", "1").takeTexts();
        v1.send(q("{'topic':'room:a','event':'phx_join','payload':{},'ref':'1'}")).takeTexts();

        endpoint.broadcast("room:a", "bin", Payload.binary(new byte[] {1, 2, 3}));
        deliver();

        assertThat(ann.transport().frames()).singleElement()
                .satisfies(f -> assertThat(f.binary()).isTrue())
                .satisfies(f -> assertThat(f.bytes()).containsExactly(2, 6, 3,
                        'r', 'o', 'o', 'm', ':', 'a', 'b', 'i', 'n', 1, 2, 3));
        assertThat(longPoll.transport().frames()).isEmpty();
        assertThat(v1.transport().frames()).isEmpty();
    }
}
