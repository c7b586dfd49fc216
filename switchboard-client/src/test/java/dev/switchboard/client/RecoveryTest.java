package dev.switchboard.client;

import static dev.switchboard.client.Frames.array;
import static dev.switchboard.client.Frames.broadcast;
import static dev.switchboard.client.Frames.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.recovery.Recovery;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Ref;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel with {@code recover(true)} against recorded frames of the recovery extension
 * (RECOVERY.md): the {@code recover} join param, the {@code recovery} object of the reply,
 * positions in the ref slot, and exactly-once delivery across a lost connection.
 */
class RecoveryTest {
    private final ScriptedServer server = new ScriptedServer();
    private Socket socket;
    private Channel room;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<Reply> joins = new CopyOnWriteArrayList<>();
    private ScriptedServer.Conn conn;

    @BeforeEach
    void connect() throws Exception {
        socket = server.socket(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        socket.connect();
        conn = server.nextAttempt().open();
        room = socket.channel("room:r", ChannelOptions.builder().params(Map.of("nick", "ann")).recover(true).build());
        room.on("msg", m -> delivered.add(m.json().path("n").asText() + (m.position().map(p -> " " + p).orElse(""))));
        room.onJoin(joins::add);
    }

    @AfterEach
    void close() {
        socket.disconnect();
    }

    private Message joinAndAnswer(ScriptedServer.Conn c, String recoveryJson) throws Exception {
        Message join = c.nextNonHeartbeat();
        assertThat(join.event()).isEqualTo("phx_join");
        c.frame(reply(join, "ok", recoveryJson));
        return join;
    }

    @Test
    void theFirstJoinAsksForPositionsAndTheReplySaysRecovered() throws Exception {
        var joined = room.join();
        Message join = joinAndAnswer(conn,
                "{\"room\":\"r\",\"recovery\":{\"recovered\":true,\"position\":\"0@e1\",\"replayed\":0}}");
        assertThat(join.payload().json().path("recover").asBoolean()).as("recover: true on the first join").isTrue();
        assertThat(join.payload().json().path("nick").asText()).isEqualTo("ann");
        Reply reply = joined.get(5, TimeUnit.SECONDS);
        assertThat(reply.response().json().toString()).as("the app's response without the recovery key").isEqualTo("{\"room\":\"r\"}");
        assertThat(((Reply.Ok) reply).recovery()).contains(new Recovery(true, "0@e1", 0, null));
        assertThat(room.recovery()).contains(new Recovery(true, "0@e1", 0, null));
        assertThat(room.lastPosition()).contains("0@e1");
    }

    @Test
    void aRejoinAfterALostConnectionHandsBackTheLastPositionAndEveryMessageArrivesOnce() throws Exception {
        room.join();
        joinAndAnswer(conn, "{\"recovery\":{\"recovered\":true,\"position\":\"0@e1\",\"replayed\":0}}");
        conn.frame(broadcast("1@e1", "room:r", "msg", "{\"n\":1}"));
        conn.frame(broadcast("2@e1", "room:r", "msg", "{\"n\":2}"));
        await().until(() -> delivered.size() == 2);
        assertThat(room.lastPosition()).contains("2@e1");

        conn.serverClose(1006, "cut");
        ScriptedServer.Conn second = server.nextAttempt().open();
        Message rejoin = second.nextNonHeartbeat();
        assertThat(rejoin.payload().json().path("recover").asText()).isEqualTo("2@e1");
        String j = Ref.valueOf(rejoin.ref());
        second.frame(reply(rejoin, "ok", "{\"recovery\":{\"recovered\":true,\"position\":\"5@e1\",\"replayed\":3}}"));
        // The replay (pushes of the new join) overlaps a live message that raced it: 4 comes twice.
        second.frame(array(j, "3@e1", "room:r", "msg", "{\"n\":3}"));
        second.frame(broadcast("4@e1", "room:r", "msg", "{\"n\":4}"));
        second.frame(array(j, "4@e1", "room:r", "msg", "{\"n\":4}"));
        second.frame(array(j, "5@e1", "room:r", "msg", "{\"n\":5}"));
        second.frame(broadcast("5@e1", "room:r", "msg", "{\"n\":5}"));
        second.frame(broadcast("6@e1", "room:r", "msg", "{\"n\":6}"));
        await().until(() -> delivered.size() == 6);
        Thread.sleep(100);
        assertThat(delivered).containsExactly("1 1@e1", "2 2@e1", "3 3@e1", "4 4@e1", "5 5@e1", "6 6@e1");
        await().until(() -> joins.size() == 2);
        assertThat(((Reply.Ok) joins.get(1)).recovery()).contains(new Recovery(true, "5@e1", 3, null));
    }

    @Test
    void whenRecoveryIsImpossibleTheAppLearnsWhyAndTheClientContinuesFromTheServersPosition() throws Exception {
        room.join();
        joinAndAnswer(conn, "{\"recovery\":{\"recovered\":true,\"position\":\"7@e1\",\"replayed\":0}}");
        conn.frame(broadcast("8@e1", "room:r", "msg", "{\"n\":8}"));
        await().until(() -> delivered.size() == 1);
        conn.serverClose(1012, "restart");

        ScriptedServer.Conn second = server.nextAttempt().open();
        Message rejoin = second.nextNonHeartbeat();
        assertThat(rejoin.payload().json().path("recover").asText()).isEqualTo("8@e1");
        second.frame(reply(rejoin, "ok",
                "{\"recovery\":{\"recovered\":false,\"position\":\"3@e2\",\"replayed\":0,\"reason\":\"epoch_changed\"}}"));
        await().until(() -> joins.size() == 2);
        Reply.Ok ok = (Reply.Ok) joins.get(1);
        assertThat(ok.recovery()).contains(new Recovery(false, "3@e2", 0, "epoch_changed"));
        assertThat(room.lastPosition()).contains("3@e2");
        // Live messages of the new epoch after its position are delivered; offsets up to it are not new.
        second.frame(broadcast("3@e2", "room:r", "msg", "{\"n\":3}"));
        second.frame(broadcast("4@e2", "room:r", "msg", "{\"n\":4}"));
        await().until(() -> delivered.size() == 2);
        Thread.sleep(100);
        assertThat(delivered).containsExactly("8 8@e1", "4 4@e2");

        second.serverClose(1006, "cut");
        Message third = server.nextAttempt().open().nextNonHeartbeat();
        assertThat(third.payload().json().path("recover").asText()).isEqualTo("4@e2");
    }

    @Test
    void aNonObjectAppResponseIsUnwrapped() throws Exception {
        var joined = room.join();
        joinAndAnswer(conn, "{\"recovery\":{\"recovered\":true,\"position\":\"0@e1\",\"replayed\":0},\"response\":[1,2]}");
        assertThat(joined.get(5, TimeUnit.SECONDS).response().json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void againstAServerWithoutRecoveryTheReplyHasNoRecoveryAndMessagesStillFlow() throws Exception {
        var joined = room.join();
        joinAndAnswer(conn, "{\"hello\":1}");
        Reply.Ok ok = (Reply.Ok) joined.get(5, TimeUnit.SECONDS);
        assertThat(ok.recovery()).isEmpty();
        assertThat(ok.response().json().toString()).isEqualTo("{\"hello\":1}");
        conn.frame(broadcast(null, "room:r", "msg", "{\"n\":1}"));
        conn.frame(broadcast(null, "room:r", "msg", "{\"n\":1}"));
        await().until(() -> delivered.size() == 2);
        assertThat(room.lastPosition()).isEmpty();
    }

    @Test
    void joinParamsThatAreNotAnObjectCannotCarryRecover() throws Exception {
        Channel odd = socket.channel("room:odd", ChannelOptions.builder().params(() -> List.of(1)).recover(true).build());
        List<ChannelError> errors = new CopyOnWriteArrayList<>();
        odd.onError(errors::add);
        assertThat(odd.join()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .withMessageContaining("must be a JSON object");
        await().until(() -> errors.size() == 1);
        assertThat(errors.get(0).source()).isEqualTo("client");
    }
}
