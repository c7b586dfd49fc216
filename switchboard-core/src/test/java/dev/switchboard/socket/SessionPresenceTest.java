package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.presence.AlreadyTrackedException;
import dev.switchboard.protocol.Payload;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ctx.presence() in a session: presence_state push, and untracking on every way a channel ends. */
class SessionPresenceTest {
    private static final String TOPIC = "presence:lobby";

    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private TestConnection client;

    /** {@code track} tracks {@code payload.key} and pushes the state; {@code stop} stops; {@code boom} crashes. */
    static final class PresenceChannel implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return switch (event) {
                case "track" -> {
                    try {
                        ctx.presence().track(payload.json().path("key").asText(), Map.of("device", "test"));
                    } catch (AlreadyTrackedException e) {
                        yield HandleResult.error(Map.of("reason", e.getMessage()));
                    }
                    ctx.presence().pushState();
                    yield HandleResult.ok();
                }
                case "stop" -> HandleResult.stop();
                case "boom" -> throw new IllegalStateException("boom (expected in logs)");
                default -> HandleResult.noReply();
            };
        }
    }

    @BeforeEach
    void connectAndJoin() {
        SocketDefinition socket = SocketDefinition.builder("/socket").channel("presence:*", PresenceChannel::new).build();
        client = TestConnection.open(endpoint, socket, shard);
        client.join(TOPIC, "1").takeTexts();
        client.send(q("['1','2','presence:lobby','track',{'key':'42'}]"));
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private int present() {
        return endpoint.presence().list(TOPIC).size();
    }

    @Test
    void trackPushesTheStateWithTheNewEntryToTheCaller() {
        String ref = endpoint.presence().list(TOPIC).metas("42").get(0).get("phx_ref").asText();

        assertThat(client.texts()).containsExactly(
                q("['1',null,'presence:lobby','presence_state',{'42':{'metas':[{'device':'test','phx_ref':'" + ref + "'}]}}]"),
                q("['1','2','presence:lobby','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void trackingTheSameKeyTwiceOnOneChannelIsRefused() {
        client.takeTexts();
        client.send(q("['1','3','presence:lobby','track',{'key':'42'}]"));

        assertThat(client.texts()).singleElement().asString().contains("already tracked");
        assertThat(present()).isEqualTo(1);
    }

    @Test
    void theDiffReachesTheSubscribersOfTheTopic() {
        client.takeTexts();
        shard.awaitUntil(() -> client.texts().stream().anyMatch(t -> t.contains("presence_diff")));
        assertThat(client.texts()).singleElement().asString()
                .startsWith(q("[null,null,'presence:lobby','presence_diff',{'joins':{'42'"))
                .endsWith(q(",'leaves':{}}]"));
    }

    @Test
    void leavingUntracks() {
        client.send(q("['1','3','presence:lobby','phx_leave',{}]"));

        await().until(() -> present() == 0);
    }

    @Test
    void stoppingUntracks() {
        client.send(q("['1','3','presence:lobby','stop',{}]"));

        await().until(() -> present() == 0);
    }

    @Test
    void crashingUntracks() {
        client.send(q("['1','3','presence:lobby','boom',{}]"));

        await().until(() -> present() == 0);
    }

    @Test
    void rejoiningTheTopicUntracksTheOldInstance() {
        client.join(TOPIC, "5");

        await().until(() -> present() == 0);
    }

    @Test
    void closingTheConnectionUntracks() {
        client.session().transportClosed();

        await().until(() -> present() == 0);
    }

    @Test
    void twoConnectionsUnderOneKeyAreTwoMetas() {
        SocketDefinition socket = SocketDefinition.builder("/socket").channel("presence:*", PresenceChannel::new).build();
        TestConnection other = TestConnection.open(endpoint, socket, shard);
        other.join(TOPIC, "1");
        other.send(q("['1','2','presence:lobby','track',{'key':'42'}]"));

        assertThat(endpoint.presence().list(TOPIC).counts()).isEqualTo(Map.of("42", 2));
        other.session().transportClosed();
        await().until(() -> endpoint.presence().list(TOPIC).counts().equals(Map.of("42", 1)));
    }
}
