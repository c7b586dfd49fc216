package dev.switchboard.client;

import static dev.switchboard.client.Frames.array;
import static dev.switchboard.client.Frames.broadcast;
import static dev.switchboard.client.Frames.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Ref;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A channel's state machine (phoenix.js semantics) driven with recorded server frames. */
class ChannelTest {
    private final ScriptedServer server = new ScriptedServer();
    private Socket socket;

    @AfterEach
    void close() {
        if (socket != null) {
            socket.disconnect();
        }
    }

    private ScriptedServer.Conn connected(SocketOptions.Builder options) throws Exception {
        socket = server.socket(options);
        socket.connect();
        return server.nextAttempt().open();
    }

    private ScriptedServer.Conn connected() throws Exception {
        return connected(ScriptedServer.options().rejoinBackoff(Backoff.steps(Duration.ofMillis(100))));
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void joinSendsItsRefAsJoinRefAndCompletesWithTheReply() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("room:a", ChannelOptions.builder().params(Map.of("nick", "ann")).build());
        CompletableFuture<Reply> joined = room.join();
        Message join = conn.next();
        assertThat(join.event()).isEqualTo("phx_join");
        assertThat(join.topic()).isEqualTo("room:a");
        assertThat(join.joinRef()).isEqualTo(join.ref());
        assertThat(join.payload().json()).isEqualTo(Payload.parse("{\"nick\":\"ann\"}").json());
        conn.frame(reply(join, "ok", "{\"history\":[1,2]}"));
        Reply reply = get(joined);
        assertThat(reply).isInstanceOf(Reply.Ok.class);
        assertThat(reply.response().json().path("history").size()).isEqualTo(2);
        await().until(() -> room.state() == ChannelState.JOINED);
    }

    @Test
    void aJoinBeforeTheSocketOpensGoesOutWhenItOpens() throws Exception {
        socket = server.socket(ScriptedServer.options());
        Channel room = socket.channel("room:a");
        CompletableFuture<Reply> joined = room.join();
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt();
        assertThat(conn.sentWithin(Duration.ofMillis(100))).as("nothing before open").isNull();
        conn.open();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        assertThat(get(joined).isOk()).isTrue();
    }

    @Test
    void pushesWaitForTheJoinThenGoOutInOrderWithTheJoinRef() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("room:a");
        room.join();
        Message join = conn.next();
        CompletableFuture<Reply> first = room.push("say", Map.of("n", 1));
        CompletableFuture<Reply> second = room.push("say", Map.of("n", 2));
        assertThat(conn.sentWithin(Duration.ofMillis(100))).as("buffered while joining").isNull();
        conn.frame(reply(join, "ok", "{}"));
        Message a = conn.next();
        Message b = conn.next();
        assertThat(List.of(a.payload().json().path("n").asInt(), b.payload().json().path("n").asInt())).containsExactly(1, 2);
        assertThat(a.joinRef()).isEqualTo(join.ref());
        assertThat(b.joinRef()).isEqualTo(join.ref());
        // Replies are matched by ref, whatever their order.
        conn.frame(reply(b, "error", "{\"reason\":\"nope\"}"));
        conn.frame(reply(a, "ok", "{\"echo\":1}"));
        assertThat(get(first)).isEqualTo(new Reply.Ok(Payload.parse("{\"echo\":1}")));
        assertThat(get(second)).isEqualTo(new Reply.Error("error", Payload.parse("{\"reason\":\"nope\"}")));
    }

    @Test
    void aPushWithoutReplyCompletesWithTimeout() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("room:a");
        room.join();
        conn.frame(reply(conn.next(), "ok", "{}"));
        Reply reply = get(room.push("slow", null, Duration.ofMillis(150)));
        assertThat(reply).isEqualTo(new Reply.Timeout(Duration.ofMillis(150)));
        assertThatThrownBy(reply::orThrow).isInstanceOf(ReplyException.class).hasMessageContaining("no reply within");
    }

    @Test
    void aRefusedJoinCompletesWithTheErrorAndIsRetriedOnTheRejoinSchedule() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("secret:a");
        List<Reply> outcomes = new CopyOnWriteArrayList<>();
        room.onJoin(outcomes::add);
        CompletableFuture<Reply> joined = room.join();
        Message first = conn.next();
        conn.frame(reply(first, "error", "{\"reason\":\"unauthorized\"}"));
        long refusedAt = System.nanoTime();
        assertThat(get(joined)).isEqualTo(new Reply.Error("error", Payload.parse("{\"reason\":\"unauthorized\"}")));
        Message second = conn.next();
        assertThat(Duration.ofNanos(System.nanoTime() - refusedAt)).as("rejoin after the 100 ms step").isGreaterThan(Duration.ofMillis(50));
        assertThat(second.event()).isEqualTo("phx_join");
        assertThat(second.ref()).isNotEqualTo(first.ref());
        conn.frame(reply(second, "ok", "{}"));
        await().until(() -> outcomes.size() == 2);
        assertThat(outcomes.get(1).isOk()).isTrue();
    }

    @Test
    void anUnansweredJoinTimesOutLeavesTheOldJoinAndRejoins() throws Exception {
        ScriptedServer.Conn conn = connected(ScriptedServer.options().timeout(Duration.ofMillis(200))
                .rejoinBackoff(Backoff.steps(Duration.ofMillis(50))));
        Channel room = socket.channel("room:a");
        CompletableFuture<Reply> joined = room.join();
        Message join = conn.next();
        assertThat(get(joined)).isEqualTo(new Reply.Timeout(Duration.ofMillis(200)));
        Message leave = conn.next();
        assertThat(leave.event()).isEqualTo("phx_leave");
        assertThat(leave.joinRef()).as("leaves the join that timed out").isEqualTo(join.ref());
        Message rejoin = conn.next();
        assertThat(rejoin.event()).isEqualTo("phx_join");
        assertThat(rejoin.ref()).isNotEqualTo(join.ref());
    }

    @Test
    void phxErrorErrorsTheChannelWhichRejoinsWithANewJoinRef() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("crash:a");
        List<ChannelError> errors = new CopyOnWriteArrayList<>();
        room.onError(errors::add);
        room.join();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        await().until(() -> room.state() == ChannelState.JOINED);
        String j = Ref.valueOf(join.ref());
        conn.frame(array(j, j, "crash:a", "phx_error", "{\"reason\":\"channel_crash\"}"));
        await().until(() -> errors.size() == 1);
        assertThat(errors.get(0).source()).isEqualTo("server");
        assertThat(errors.get(0).reason()).isEqualTo("channel_crash");
        Message rejoin = conn.next();
        assertThat(rejoin.event()).isEqualTo("phx_join");
        assertThat(rejoin.joinRef()).isNotEqualTo(join.joinRef());
    }

    @Test
    void phxCloseClosesTheChannelForGood() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("stop:a");
        List<String> events = new CopyOnWriteArrayList<>();
        room.onClose(() -> events.add("close"));
        room.on("msg", m -> events.add("msg"));
        room.join();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        String j = Ref.valueOf(join.ref());
        conn.frame(array(j, j, "stop:a", "phx_close", "{}"));
        await().until(() -> events.contains("close"));
        assertThat(room.state()).isEqualTo(ChannelState.CLOSED);
        conn.frame(broadcast(null, "stop:a", "msg", "{}"));
        assertThat(conn.sentWithin(Duration.ofMillis(300))).as("no rejoin").isNull();
        assertThat(events).containsExactly("close");
        assertThat(room.push("x", null)).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class).withMessageContaining("closed");
    }

    @Test
    void messagesCarryingAnotherJoinRefAreDroppedBroadcastsAndCurrentPushesDelivered() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("room:a");
        List<Incoming> got = new CopyOnWriteArrayList<>();
        room.on("msg", got::add);
        room.join();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        String j = Ref.valueOf(join.ref());
        conn.frame(array("999", null, "room:a", "msg", "{\"n\":0}"));
        conn.frame(array(j, null, "room:a", "msg", "{\"n\":1}"));
        conn.frame(broadcast(null, "room:a", "msg", "{\"n\":2}"));
        conn.frame(broadcast(null, "room:other", "msg", "{\"n\":3}"));
        await().until(() -> got.size() == 2);
        assertThat(got).extracting(m -> m.json().path("n").asInt()).containsExactly(1, 2);
        assertThat(got).extracting(Incoming::joinRef).as("bindings see the join_ref").containsOnly(j);
    }

    @Test
    void leaveClosesAtOnceAndCompletesWithTheServersReply() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("room:a");
        List<String> closes = new CopyOnWriteArrayList<>();
        room.onClose(() -> closes.add("close"));
        room.join();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        await().until(() -> room.state() == ChannelState.JOINED);
        CompletableFuture<Reply> left = room.leave();
        Message leave = conn.next();
        assertThat(leave.event()).isEqualTo("phx_leave");
        assertThat(leave.joinRef()).isEqualTo(join.ref());
        await().until(() -> closes.size() == 1);
        assertThat(room.state()).isEqualTo(ChannelState.CLOSED);
        assertThat(left).isNotDone();
        conn.frame(reply(leave, "ok", "{}"));
        assertThat(get(left).isOk()).isTrue();
        assertThatThrownBy(room::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("only be called once");
    }

    @Test
    void pushBeforeJoinIsAMistake() throws Exception {
        connected();
        assertThatThrownBy(() -> socket.channel("room:a").push("x", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before join()");
    }

    @Test
    void binaryPushesAndBinaryRepliesAndBroadcasts() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("binary:a");
        List<byte[]> got = new CopyOnWriteArrayList<>();
        room.on("bin_b", m -> got.add(m.bytes()));
        room.join();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        CompletableFuture<Reply> replied = room.push("bin", new byte[] {9, 8, 7});
        Message push = conn.next();
        assertThat(push.payload()).isEqualTo(Payload.binary(new byte[] {9, 8, 7}));
        String j = Ref.valueOf(join.ref());
        String r = Ref.valueOf(push.ref());
        byte[] binaryReply = concat(new byte[] {1, (byte) j.length(), (byte) r.length(), 8, 2}, j.getBytes(), r.getBytes(),
                "binary:a".getBytes(), "ok".getBytes(), new byte[] {(byte) 0xCA, (byte) 0xFE});
        conn.binary(binaryReply);
        assertThat(((BinaryPayload) get(replied).orThrow()).bytes()).containsExactly(0xCA, 0xFE);
        conn.binary(concat(new byte[] {2, 8, 5}, "binary:a".getBytes(), "bin_b".getBytes(), new byte[] {1, 2, 3}));
        await().until(() -> got.size() == 1);
        assertThat(got.get(0)).containsExactly(1, 2, 3);
    }

    record Note(String body, int n) {}

    @Test
    void typedHandlersGetRecordsAndBadPayloadsAreSkipped() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel room = socket.channel("room:a");
        List<Note> notes = new CopyOnWriteArrayList<>();
        room.on("note", Note.class, notes::add);
        room.join();
        conn.frame(reply(conn.next(), "ok", "{}"));
        conn.frame(broadcast(null, "room:a", "note", "{\"body\":\"a, b\",\"n\":\"not a number\"}"));
        conn.frame(broadcast(null, "room:a", "note", "{\"body\":\"ünï, \\\"q\\\"\",\"n\":2}"));
        await().until(() -> notes.size() == 1);
        assertThat(notes.get(0)).isEqualTo(new Note("ünï, \"q\"", 2));
    }

    @Test
    void aLostConnectionErrorsJoinedChannelsAndTheyRejoinOnTheNextConnection() throws Exception {
        ScriptedServer.Conn conn = connected(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofMillis(20))));
        Channel room = socket.channel("room:a");
        List<ChannelError> errors = new CopyOnWriteArrayList<>();
        room.onError(errors::add);
        room.join();
        Message join = conn.next();
        conn.frame(reply(join, "ok", "{}"));
        await().until(() -> room.state() == ChannelState.JOINED);
        conn.serverClose(1001, "going away");
        await().until(() -> errors.size() == 1);
        assertThat(errors.get(0)).isEqualTo(ChannelError.transport("connection_closed"));
        ScriptedServer.Conn second = server.nextAttempt().open();
        Message rejoin = second.next();
        assertThat(rejoin.event()).isEqualTo("phx_join");
        assertThat(rejoin.joinRef()).isNotEqualTo(join.joinRef());
        second.frame(reply(rejoin, "ok", "{}"));
        await().until(() -> room.state() == ChannelState.JOINED);
    }

    @Test
    void joinParamsAreEvaluatedForEveryAttempt() throws Exception {
        ScriptedServer.Conn conn = connected();
        java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
        Channel room = socket.channel("room:a", ChannelOptions.builder()
                .params(() -> Map.of("attempt", attempt.incrementAndGet())).build());
        room.join();
        Message first = conn.next();
        conn.frame(reply(first, "error", "{}"));
        Message second = conn.next();
        assertThat(first.payload().json().path("attempt").asInt()).isEqualTo(1);
        assertThat(second.payload().json().path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aSecondChannelOnTheSameTopicMakesTheFirstLeave() throws Exception {
        ScriptedServer.Conn conn = connected();
        Channel first = socket.channel("room:a");
        List<String> closes = new CopyOnWriteArrayList<>();
        first.onClose(() -> closes.add("first"));
        first.join();
        Message join1 = conn.next();
        conn.frame(reply(join1, "ok", "{}"));
        await().until(() -> first.state() == ChannelState.JOINED);
        Channel second = socket.channel("room:a");
        CompletableFuture<Reply> joined = second.join();
        Message leave = conn.next();
        Message join2 = conn.next();
        assertThat(leave.event()).isEqualTo("phx_leave");
        assertThat(leave.joinRef()).isEqualTo(join1.ref());
        assertThat(join2.event()).isEqualTo("phx_join");
        conn.frame(reply(join2, "ok", "{}"));
        String old = Ref.valueOf(join1.ref());
        conn.frame(array(old, old, "room:a", "phx_close", "{}"));
        assertThat(get(joined).isOk()).isTrue();
        await().until(() -> closes.size() == 1);
        assertThat(second.state()).as("the stale phx_close does not close the new channel").isEqualTo(ChannelState.JOINED);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
