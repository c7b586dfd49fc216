package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.WireFormat;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Broadcasts (spec §3.6, §5): to every subscriber, from one, intercepted, binary, from the server side. */
class BroadcastTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.socket(),
            TesterOptions.builder().eventLoops(2).build());

    @Test
    void aBroadcastReachesEverySubscriberOnEveryLoopAsNullNullTopicEventPayload() {
        ClientChannel ann = kit.socket().subscribeAndJoin("room:a");
        ClientChannel bob = kit.socket().subscribeAndJoin("room:a");

        ann.push("shout", Map.of("body", "hi"));

        assertThat(ann.assertPush("shout", Map.of("body", "hi")).wire()).isEqualTo("[null,null,\"room:a\",\"shout\",{\"body\":\"hi\"}]");
        assertThat(bob.assertPush("shout", Map.of("body", "hi")).kind()).isEqualTo(ReceivedFrame.Kind.BROADCAST);
        ann.assertBroadcast("shout", Map.of("body", "hi"));
        assertThat(ann.socket().node()).isSameAs(bob.socket().node());
    }

    @Test
    void broadcastFromSkipsTheSendingChannelOnly() {
        ClientSocket annSocket = kit.socket(Map.of("user", "ann"));
        ClientChannel ann = annSocket.subscribeAndJoin("room:a");
        ClientChannel annElsewhere = kit.socket(Map.of("user", "ann")).subscribeAndJoin("room:a");
        ClientChannel bob = kit.socket().subscribeAndJoin("room:a");

        ann.push("shout_from", Map.of("body", "hi"));

        bob.assertPush("shout", Map.of("body", "hi"));
        annElsewhere.assertPush("shout", Map.of("body", "hi"));
        ann.refutePush("shout");
        ann.assertBroadcast("shout"); // it was published
    }

    @Test
    void broadcastsFromOnePublisherArriveInPublishOrder() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a");

        for (int i = 0; i < 50; i++) {
            kit.broadcast("room:a", "n", Map.of("i", i));
        }

        assertThat(room.drain()).extracting(f -> f.body().get("i").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void anInterceptedEventIsRewrittenPerSubscriberAndSentAsAPushWithItsJoinRef() {
        ClientChannel ann = kit.socket().subscribeAndJoin("intercept:a", Map.of("user", "ann"));
        ClientSocket bobSocket = kit.socket();
        bobSocket.heartbeat(); // bob's join gets ref 2, so the two join_refs differ
        ClientChannel bob = bobSocket.subscribeAndJoin("intercept:a", Map.of("user", "bob"));

        kit.broadcast("intercept:a", "secret_msg", Map.of("text", "classified"));

        assertThat(ann.assertPush("secret_msg", Map.of("for", "ann", "redacted", true)).wire())
                .isEqualTo("[\"1\",null,\"intercept:a\",\"secret_msg\",{\"for\":\"ann\",\"redacted\":true}]");
        assertThat(bob.assertPush("secret_msg", Map.of("for", "bob", "redacted", true)).joinRef()).isEqualTo("2");
        ann.assertBroadcast("secret_msg", Map.of("text", "classified")); // the original, as published
    }

    @Test
    void anInterceptCanFilterABroadcastOut() {
        ClientChannel ann = kit.socket().subscribeAndJoin("intercept:a", Map.of("user", "ann"));

        kit.broadcast("intercept:a", "secret_msg", Map.of("drop", true));

        ann.refutePush("secret_msg");
        assertThat(app.starting("intercept:a handleOut")).containsExactly("intercept:a handleOut secret_msg for ann");
    }

    @Test
    void eventsThatAreNotInterceptedTakeTheSharedFastlane() {
        ClientChannel ann = kit.socket().subscribeAndJoin("intercept:a", Map.of("user", "ann"));

        kit.broadcast("intercept:a", "public_msg", Map.of("text", "hi"));

        assertThat(ann.assertPush("public_msg", Map.of("text", "hi")).wire())
                .isEqualTo("[null,null,\"intercept:a\",\"public_msg\",{\"text\":\"hi\"}]");
        assertThat(app.starting("intercept:a handleOut")).isEmpty();
    }

    @Test
    void aBroadcastPublishedBeforeAJoinIsNotDelivered() {
        ClientChannel room = kit.socket().channel("room:a");
        kit.broadcast("room:a", "early", Map.of());

        room.join().assertOk();

        room.refutePush("early");
        room.assertBroadcast("early"); // the handle watched the topic from its creation
    }

    @Test
    void aBinaryBroadcastIsABinaryFrameForV2ClientsAndNeverReachesV1Clients() {
        ClientChannel v2 = kit.socket().subscribeAndJoin("room:a");
        ClientChannel v1 = kit.connect(ConnectSpec.query("vsn=1.0.0")).subscribeAndJoin("room:a");

        kit.broadcast("room:a", "bin", new byte[] {1, 2, 3});

        ReceivedFrame frame = v2.assertPush("bin", new byte[] {1, 2, 3});
        assertThat(frame.isBinary()).isTrue();
        assertThat(frame.wire()).isEqualTo("binary broadcast [room:a, bin] (3 bytes: 01 02 03)");
        v1.refutePush("bin");
        v2.assertBroadcast("bin", Payload.binary(new byte[] {1, 2, 3}));
    }

    @Test
    void aClientPushesBinaryAndGetsABinaryReply() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a");

        ReceivedFrame reply = room.push("ping", new byte[] {9, 8}).assertOk(new byte[] {9, 8});

        assertThat(reply.status()).isEqualTo("ok");
        assertThat(reply.binary()).containsExactly(9, 8);
    }

    @Test
    void aV1ClientSpeaksTheObjectFormat() {
        ChannelTester v1 = ChannelTester.of(app.socket(), TesterOptions.builder().wireFormat(WireFormat.V1_JSON).build());
        ClientChannel room = v1.socket().subscribeAndJoin("room:a");

        ReceivedFrame reply = room.push("ping", Map.of("x", 1)).assertOk(Map.of("x", 1));

        assertThat(reply.wire()).isEqualTo(
                "{\"topic\":\"room:a\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{\"x\":1}},\"ref\":\"2\"}");
        v1.close();
    }
}
