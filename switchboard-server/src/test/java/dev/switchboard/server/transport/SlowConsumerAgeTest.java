package dev.switchboard.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The age bound on unsent messages ({@code maxOutboundAge}): a client that stops reading is
 * closed once its oldest unsent message is too old — long before the byte bound — and counted as
 * {@code slow_consumer_age}, while the others keep receiving.
 */
class SlowConsumerAgeTest {
    private static final Duration MAX_AGE = Duration.ofMillis(500);
    private SwitchboardServer server;

    private static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }
    }

    private void start(LongPollOptions longPoll) {
        server = SwitchboardServer.builder().port(0).maxOutboundAge(MAX_AGE).longPollOptions(longPoll)
                .socket(SocketDefinition.builder("/socket").channel("room:*", Room::new, Execution.EVENT_LOOP).build())
                .build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWebSocketThatStopsReadingIsClosedForAgeWhileTheOthersKeepReceiving() throws Exception {
        start(LongPollOptions.DEFAULTS);
        try (PhoenixSocket reader = PhoenixSocket.connect(server.port());
             WebSocketClient stalled = WebSocketClient.connect(RawConnection.to(server.port()).receiveBufferSize(4096)
                     .readTimeout(Duration.ofSeconds(10)), Handshake.to("/socket/websocket?vsn=2.0.0"))) {
            reader.join("room:flood");
            stalled.sendText("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]");
            assertThat(stalled.nextText()).contains("phx_reply"); // joined; from now on it never reads

            // ~11 MB: more than the kernel's buffers hold, less than the 16 MiB byte bound.
            String big = "{\"data\":\"" + "x".repeat(16 * 1024) + "\"}";
            for (int i = 0; i < 700; i++) {
                server.endpoint().broadcast("room:flood", "msg", Payload.parse(big));
                assertThat(reader.next()).isNotNull();
            }
            // The reader goes on receiving, promptly, while the stalled client's backlog ages.
            long start = System.nanoTime();
            int ticks = 0;
            while (closed("websocket", "slow_consumer_age") == 0) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed within age + sweep + close grace")
                        .isLessThan(Duration.ofSeconds(8));
                long sent = System.nanoTime();
                server.endpoint().broadcast("room:flood", "tick", Payload.parse("{\"n\":" + ticks + "}"));
                JsonNode tick = reader.next();
                assertThat(tick.get(3).asText()).isEqualTo("tick");
                assertThat(tick.get(4).path("n").asInt()).isEqualTo(ticks);
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(500));
                ticks++;
                Thread.sleep(50);
            }
            assertThat(closed("websocket", "slow_consumer")).as("not the byte bound").isZero();
            assertThat(readToEnd(stalled.connection().input())).isLessThan(700L * 16 * 1024);
        }
    }

    @Test
    void aLongPollSessionWhoseMessagesAreNotCollectedIsClosedForAge() throws Exception {
        start(LongPollOptions.DEFAULTS.withSessionLifetime(Duration.ofSeconds(30)));
        LongPollClient client = LongPollClient.isolated("http://127.0.0.1:" + server.port() + "/socket/longpoll",
                "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
        client.pollUntil(m -> "phx_reply".equals(m.path(3).asText()), Duration.ofSeconds(5));

        // No poll from now on; the session lifetime (30 s) is far away, the age bound is not.
        server.endpoint().broadcast("room:a", "msg", Payload.parse("{\"n\":1}"));
        long start = System.nanoTime();
        while (closed("longpoll", "slow_consumer_age") == 0) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            Thread.sleep(50);
        }
        LongPollAnswer next = client.get();
        assertThat(next.status()).as("the session is gone: phoenix.js reconnects and rejoins").isEqualTo(410);
        assertThat(closed("longpoll", "session_expired")).isZero();
    }

    private double closed(String transport, String reason) {
        String line = "switchboard_connections_closed_total{reason=\"" + reason + "\",transport=\"" + transport + "\"} ";
        String metrics = server.meterRegistry().scrape();
        int at = metrics.indexOf(line);
        assertThat(at).as(line).isNotNegative();
        int end = metrics.indexOf('\n', at);
        return Double.parseDouble(metrics.substring(at + line.length(), end).trim());
    }

    private static long readToEnd(InputStream in) throws java.io.IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
        }
        return total;
    }
}
