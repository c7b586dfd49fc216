package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The end of a connection: transport closed, undecodable frames, disconnect by socket id (spec §3.9, §3.10). */
class SessionCloseTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private final SocketDefinition socket = TestSocket.definition(events);

    private InMemoryPubSub pubsub() {
        return (InMemoryPubSub) endpoint.pubsub();
    }

    @Test
    void aClosedTransportTerminatesEveryChannelWithConnectionClosedAndUnsubscribes() {
        TestConnection client = TestConnection.open(endpoint, socket, shard);
        client.join("room:a", "1").join("stop:b", "2").takeTexts();

        client.session().transportClosed();
        endpoint.broadcast("room:a", "news", Map.of());
        client.runShard();

        assertThat(events.starting("room:a terminate")).containsExactly("room:a terminate CONNECTION_CLOSED");
        assertThat(events.starting("stop:b terminate")).containsExactly("stop:b terminate CONNECTION_CLOSED");
        assertThat(client.texts()).isEmpty();
        assertThat(pubsub().hasSubscribers("room:a")).isFalse();
        assertThat(pubsub().hasSubscribers("stop:b")).isFalse();
        assertThat(client.session().isClosed()).isTrue();
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void transportClosedIsIdempotentAndLaterFramesAreIgnored() {
        TestConnection client = TestConnection.open(endpoint, socket, shard);
        client.join("room:a", "1").takeTexts();

        client.session().transportClosed();
        client.session().transportClosed();
        client.send(q("[null,'2','phoenix','heartbeat',{}]"));

        assertThat(events.starting("room:a terminate")).hasSize(1);
        assertThat(client.texts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json          | invalid JSON",
        "[\"1\",\"1\"]     | 2 elements",
        "{\"foo\":1}       | must be a JSON array",
        "[\"1\",\"1\",7,\"e\",{}] | topic must be a string",
    })
    void anUndecodableFrameClosesWith1011NamingTheProblem(String frame, String problem) {
        TestConnection client = TestConnection.open(endpoint, socket, shard);
        client.join("room:a", "1").takeTexts();

        client.send(frame);
        client.runShard();

        CloseReason reason = client.transport().closeReason();
        assertThat(reason).isNotNull();
        assertThat(reason.code()).isEqualTo(1011);
        assertThat(reason.reason()).contains(problem);
        assertThat(reason.reason().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
        assertThat(client.texts()).isEmpty();
        assertThat(events.starting("room:a terminate")).containsExactly("room:a terminate CONNECTION_CLOSED");
    }

    @Test
    void aBinaryFrameOfAKindOtherThanPushIsFatalToo() {
        TestConnection client = TestConnection.open(endpoint, socket, shard);

        client.sendBinary(new byte[] {2, 1, 1, 'a', 'b'});

        assertThat(client.transport().closeReason().code()).isEqualTo(1011);
        assertThat(client.transport().closeReason().reason()).contains("kind 2");
    }

    @Test
    void nothingIsHandledAfterAnUndecodableFrameEvenBeforeTheTransportReportsTheClose() {
        TestConnection client = TestConnection.open(endpoint, socket, shard);

        // Both frames arrive in the same read, before the transport reports the closed connection.
        client.send("not json");
        client.send(q("[null,'2','phoenix','heartbeat',{}]"));
        client.join("room:a", "3");
        client.runShard();

        assertThat(client.texts()).isEmpty();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void disconnectingASocketIdClosesEveryConnectionWithThatIdWith1001AndLeavesOthersOpen() {
        TestConnection first = TestConnection.open(endpoint, socket, shard, ConnectResult.accept(Map.of(), "user:1"));
        TestConnection second = TestConnection.open(endpoint, socket, shard, ConnectResult.accept(Map.of(), "user:1"));
        TestConnection other = TestConnection.open(endpoint, socket, shard, ConnectResult.accept(Map.of(), "user:2"));
        TestConnection anonymous = TestConnection.open(endpoint, socket, shard);
        first.join("room:a", "1");

        endpoint.disconnect("user:1");
        shard.runAll();

        assertThat(first.transport().closeReason()).isEqualTo(CloseReason.DISCONNECT);
        assertThat(first.transport().closeReason().code()).isEqualTo(1001);
        assertThat(second.transport().closeReason()).isEqualTo(CloseReason.DISCONNECT);
        assertThat(other.transport().isClosed()).isFalse();
        assertThat(anonymous.transport().isClosed()).isFalse();
        assertThat(first.session().isClosed()).isTrue();
        assertThat(events.starting("room:a terminate")).containsExactly("room:a terminate CONNECTION_CLOSED");
    }

    @Test
    void aClosedSessionNoLongerListensForItsSocketId() {
        TestConnection client = TestConnection.open(endpoint, socket, shard, ConnectResult.accept(Map.of(), "user:1"));

        client.session().transportClosed();

        assertThat(pubsub().hasSubscribers("user:1")).isFalse();
    }
}
