package dev.switchboard.client;

import static dev.switchboard.client.Frames.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.transport.TransportException;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket's state machine (connect, heartbeat, reconnect, fallback, callbacks) driven with recorded frames. */
class SocketTest {
    private final ScriptedServer server = new ScriptedServer();
    private Socket socket;

    @AfterEach
    void close() {
        if (socket != null) {
            socket.disconnect();
        }
    }

    private Socket socket(SocketOptions.Builder options) {
        socket = server.socket(options);
        return socket;
    }

    @Test
    void connectParamsAndAuthTokenAreEvaluatedOnEveryConnect() throws Exception {
        AtomicInteger n = new AtomicInteger();
        socket(ScriptedServer.options().params(() -> {
                    Map<String, Object> params = new java.util.LinkedHashMap<>();
                    params.put("n", n.incrementAndGet());
                    params.put("user", Map.of("id", 5));
                    return params;
                })
                .authToken(() -> "token-" + n.get())
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        CompletableFuture<Void> opened = socket.connect();
        ScriptedServer.Conn first = server.nextAttempt();
        assertThat(first.url.toString()).isEqualTo("ws://scripted.invalid/socket/websocket?n=1&user%5Bid%5D=5&vsn=2.0.0");
        assertThat(first.authToken).isEqualTo("token-1");
        first.open();
        opened.get(5, TimeUnit.SECONDS);
        first.serverClose(1012, "restart");
        ScriptedServer.Conn second = server.nextAttempt();
        assertThat(second.url.toString()).contains("n=2");
        assertThat(second.authToken).isEqualTo("token-2");
    }

    @Test
    void heartbeatsAreSentAfterEachReplyAndAMissingReplyReconnects() throws Exception {
        List<CloseInfo> closes = new CopyOnWriteArrayList<>();
        socket(ScriptedServer.options().heartbeatInterval(Duration.ofMillis(100))
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        socket.onClose(closes::add);
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        Message beat = conn.next();
        assertThat(beat.topic()).isEqualTo("phoenix");
        assertThat(beat.event()).isEqualTo("heartbeat");
        assertThat(beat.joinRef()).isNull();
        conn.frame(reply(null, beat.ref().value(), "phoenix", "ok", "{}"));
        Message second = conn.next();
        assertThat(second.event()).isEqualTo("heartbeat");
        assertThat(second.ref()).isNotEqualTo(beat.ref());
        // No reply to the second one: dropped after another interval, then a new connection.
        ScriptedServer.Conn next = server.nextAttempt();
        assertThat(conn.aborted).isTrue();
        await().until(() -> closes.size() == 1);
        assertThat(closes.get(0)).isEqualTo(new CloseInfo(1000, "heartbeat timeout", true));
        assertThat(next).isNotSameAs(conn);
    }

    @Test
    void anUndecodableFrameIsAClearErrorAndTheConnectionIsReplaced() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        socket(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        socket.onError(errors::add);
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        conn.frame("[\"1\",\"1\"]");
        ScriptedServer.Conn next = server.nextAttempt();
        assertThat(conn.aborted).isTrue();
        await().until(() -> errors.size() == 1);
        assertThat(errors.get(0)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("V2 frame has 2 elements; expected 5").hasMessageContaining("[\"1\",\"1\"]");
        next.open();
        await().until(socket::isConnected);
    }

    @Test
    void reconnectsFollowTheBackoffAndStopAfterDisconnect() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        socket(ScriptedServer.options().reconnectBackoff(attempt -> {
            attempts.add(attempt);
            return Duration.ofMillis(10);
        }));
        socket.connect();
        server.nextAttempt().fail(new TransportException("refused", 403));
        server.nextAttempt().fail(new TransportException("refused", 403));
        ScriptedServer.Conn third = server.nextAttempt();
        assertThat(attempts).containsExactly(1, 2);
        third.open();
        await().until(socket::isConnected);
        third.serverClose(1001, "bye");
        server.nextAttempt().open();
        assertThat(attempts).as("the count restarts after an open").containsExactly(1, 2, 1);
        socket.disconnect();
        await().until(() -> socket.state() == ConnectionState.CLOSED);
        assertThat(server.attemptWithin(Duration.ofMillis(200))).as("no reconnect after disconnect").isNull();
    }

    @Test
    void stateChangesAreReportedInOrderWithOpensAndCloses() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        socket(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        socket.onStateChange(s -> events.add(s.name()));
        socket.onOpen(() -> events.add("open"));
        socket.onClose(c -> events.add("close " + c.code()));
        socket.connect();
        ScriptedServer.Conn first = server.nextAttempt();
        first.fail(new TransportException("refused", 403));
        ScriptedServer.Conn second = server.nextAttempt().open();
        await().until(() -> events.contains("open"));
        second.serverClose(1012, "restart");
        server.nextAttempt().open();
        await().until(() -> events.stream().filter("open"::equals).count() == 2);
        socket.disconnect();
        await().until(() -> events.size() == 13);
        assertThat(events).containsExactly("CONNECTING", "CLOSED", "close 1006", "CONNECTING", "OPEN", "open",
                "CLOSED", "close 1012", "CONNECTING", "OPEN", "open", "CLOSED", "close 1000");
    }

    @Test
    void aBlockingCallbackDelaysOnlyLaterCallbacksNotHeartbeats() throws Exception {
        List<CloseInfo> closes = new CopyOnWriteArrayList<>();
        socket(ScriptedServer.options().heartbeatInterval(Duration.ofMillis(50)));
        socket.onClose(closes::add);
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        Channel room = socket.channel("room:a");
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        room.on("msg", m -> {
            seen.add(m.json().path("n").asInt());
            if (seen.size() == 1) {
                await().atMost(Duration.ofSeconds(5)).until(() -> release.getCount() == 0);
            }
        });
        room.join();
        Message join = conn.nextNonHeartbeat();
        conn.frame(reply(join, "ok", "{}"));
        conn.frame(Frames.broadcast(null, "room:a", "msg", "{\"n\":1}"));
        conn.frame(Frames.broadcast(null, "room:a", "msg", "{\"n\":2}"));
        // While the first handler blocks, six heartbeats are sent and answered; none times out.
        for (int i = 0; i < 6; i++) {
            Message beat = conn.next();
            assertThat(beat.event()).isEqualTo("heartbeat");
            conn.frame(reply(null, beat.ref().value(), "phoenix", "ok", "{}"));
        }
        assertThat(seen).containsExactly(1);
        assertThat(closes).as("no heartbeat timeout while a callback blocks").isEmpty();
        release.countDown();
        await().until(() -> seen.size() == 2);
        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void callbacksOfOneSocketNeverOverlapAndKeepTheirOrder() throws Exception {
        socket(ScriptedServer.options());
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        Channel a = socket.channel("room:a");
        Channel b = socket.channel("room:b");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<Incoming> handler = m -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            order.add(m.topic() + m.json().path("n").asInt());
            Thread.yield();
            inside.decrementAndGet();
        };
        a.on("msg", handler);
        b.on("msg", handler);
        a.join();
        b.join();
        conn.frame(reply(conn.next(), "ok", "{}"));
        conn.frame(reply(conn.next(), "ok", "{}"));
        for (int i = 0; i < 200; i++) {
            conn.frame(Frames.broadcast(null, i % 2 == 0 ? "room:a" : "room:b", "msg", "{\"n\":" + i + "}"));
        }
        await().until(() -> order.size() == 200);
        assertThat(overlaps.get()).isZero();
        for (int i = 0; i < 200; i++) {
            assertThat(order.get(i)).isEqualTo((i % 2 == 0 ? "room:a" : "room:b") + i);
        }
    }

    @Test
    void waitingForAFutureOfTheSameSocketInsideACallbackIsRefused() throws Exception {
        socket(ScriptedServer.options());
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        Channel room = socket.channel("room:a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        room.on("msg", m -> {
            try {
                room.push("ping", null).get();
            } catch (Exception | Error e) {
                thrown.set(e);
            }
        });
        room.join();
        conn.frame(reply(conn.next(), "ok", "{}"));
        conn.frame(Frames.broadcast(null, "room:a", "msg", "{}"));
        await().until(() -> thrown.get() != null);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("would deadlock");
    }

    @Test
    void pingMeasuresTheHeartbeatRoundTrip() throws Exception {
        socket(ScriptedServer.options());
        assertThat(socket.ping()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .withMessageContaining("not connected");
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        CompletableFuture<Duration> rtt = socket.ping();
        Message beat = conn.next();
        Thread.sleep(20);
        conn.frame(reply(null, beat.ref().value(), "phoenix", "ok", "{}"));
        assertThat(rtt.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(15));
    }

    @Test
    void aPingWhoseConnectionEndsFailsInsteadOfHanging() throws Exception {
        socket(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofSeconds(5))));
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        CompletableFuture<Duration> rtt = socket.ping();
        conn.next();
        conn.serverClose(1001, "bye");
        assertThat(rtt).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .withMessageContaining("closed before the heartbeat reply");
    }

    @Test
    void aFailingParamsSupplierIsReportedAndRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        socket(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofMillis(10))).params(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("token service down");
            }
            return Map.of("token", "t");
        }));
        socket.onError(errors::add);
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt();
        assertThat(conn.url.toString()).contains("token=t");
        await().until(() -> errors.size() == 2);
        assertThat(errors).allSatisfy(e -> assertThat(e).hasMessageContaining("token service down"));
    }

    @Test
    void v1SendsObjectsWithJoinRef() throws Exception {
        socket(ScriptedServer.options().vsn(WireFormat.V1_JSON));
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        assertThat(conn.url.toString()).endsWith("?vsn=1.0.0");
        Channel room = socket.channel("room:a");
        CompletableFuture<Reply> joined = room.join();
        EncodedFrame join = conn.nextRaw();
        assertThat(join.text()).matches("\\{\"topic\":\"room:a\",\"event\":\"phx_join\",\"payload\":\\{},\"ref\":\"(\\d+)\",\"join_ref\":\"\\1\"}");
        String ref = join.text().replaceAll(".*\"ref\":\"(\\d+)\".*", "$1");
        conn.frame("{\"topic\":\"room:a\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{\"v\":1}},\"ref\":\"" + ref + "\"}");
        assertThat(joined.get(5, TimeUnit.SECONDS).response().json().path("v").asInt()).isEqualTo(1);
        assertThat(room.push("bin", new byte[] {1})).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(Exception.class).withMessageContaining("V1 has no binary frames");
    }

    @Test
    void longPollFallbackWhenTheWebSocketFailsBeforeOpeningAndItIsRemembered() throws Exception {
        socket(ScriptedServer.options().longPollFallback(Duration.ofMillis(500))
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        Channel room = socket.channel("room:a");
        room.join();
        socket.connect();
        ScriptedServer.Conn ws = server.nextAttempt();
        assertThat(ws.kind).isEqualTo(TransportKind.WEBSOCKET);
        ws.fail(new TransportException("refused", 404));
        ScriptedServer.Conn lp = server.nextAttempt();
        assertThat(lp.kind).isEqualTo(TransportKind.LONGPOLL);
        assertThat(lp.url.toString()).isEqualTo("http://scripted.invalid/socket/longpoll?vsn=2.0.0");
        lp.open();
        Message join = lp.next();
        assertThat(join.event()).as("the buffered join goes over long-poll").isEqualTo("phx_join");
        lp.serverClose(3410, "session_gone");
        assertThat(server.nextAttempt().kind).as("remembered").isEqualTo(TransportKind.LONGPOLL);
        assertThat(socket.transport()).isEqualTo(TransportKind.LONGPOLL);
    }

    @Test
    void longPollFallbackWhenTheOpenWebSocketDoesNotAnswerItsHealthCheck() throws Exception {
        socket(ScriptedServer.options().longPollFallback(Duration.ofMillis(200)));
        socket.connect();
        ScriptedServer.Conn ws = server.nextAttempt().open();
        Message check = ws.next();
        assertThat(check.event()).as("a heartbeat right after open").isEqualTo("heartbeat");
        ScriptedServer.Conn lp = server.nextAttempt();
        assertThat(lp.kind).isEqualTo(TransportKind.LONGPOLL);
        assertThat(ws.aborted).isTrue();
    }

    @Test
    void aHealthyWebSocketStays() throws Exception {
        socket(ScriptedServer.options().longPollFallback(Duration.ofMillis(200)));
        socket.connect();
        ScriptedServer.Conn ws = server.nextAttempt().open();
        Message check = ws.next();
        ws.frame(reply(null, check.ref().value(), "phoenix", "ok", "{}"));
        assertThat(server.attemptWithin(Duration.ofMillis(500))).isNull();
        assertThat(socket.transport()).isEqualTo(TransportKind.WEBSOCKET);
        assertThat(socket.isConnected()).isTrue();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> SocketOptions.builder("ftp://x/socket").build()).hasMessageContaining("ws://");
        assertThatThrownBy(() -> SocketOptions.builder("ws://x/socket?a=1").build()).hasMessageContaining("query");
        assertThatThrownBy(() -> SocketOptions.builder("ws://x/socket").timeout(Duration.ZERO).build()).hasMessageContaining("timeout");
        assertThatThrownBy(() -> SocketOptions.builder("ws://x/socket").maxMessageBytes(10).build()).hasMessageContaining("maxMessageBytes");
        assertThat(SocketOptions.builder("ws://x/socket/").build().endpoint().toString()).isEqualTo("ws://x/socket");
    }
}
