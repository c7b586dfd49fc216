package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile input over raw WebSockets (the JDK client, V2 frames), PROTOCOL.md §3.10,
 * §7.4, §8 items 15, 16, 25, 29. Every test also checks that a bystander client, connected before
 * the bad input, keeps working.
 */
@Tag("interop")
class BadInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAX_FRAME_BYTES = 64 * 1024;

    private static SwitchboardServer server;
    private static HttpClient http;

    private WsClient bystander;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = InteropApp.start(SocketOptions.DEFAULTS.withMaxFrameBytes(MAX_FRAME_BYTES));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connectBystander() throws Exception {
        bystander = connect();
        bystander.send("[\"1\",\"1\",\"room:bystander\",\"phx_join\",{}]");
        JsonNode reply = bystander.awaitReply("1");
        assertThat(reply.get(4).get("status").asText()).as("bystander join: %s", reply).isEqualTo("ok");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::abort);
    }

    // ---------------------------------------------------------------------------------------------

    /** §3.10: undecodable text frames are fatal for the connection: close 1011 with a reason. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{not json",
        "[\"1\",\"1\"]",
        "[null,\"1\",5,\"ev\",{}]",
        "{\"foo\":1}",
        "\"just a string\"",
        "[\"1\",\"1\",\"room:x\",\"phx_join\"]",
        "[\"1\",\"1\",\"room:x\",\"ping\",{}] trailing",
    })
    void malformedTextFrameClosesWith1011(String frame) throws Exception {
        WsClient client = connect();
        client.sendIgnoringFailure(frame);
        Close close = client.awaitClose();
        assertThat(close.status()).as("close for %s: %s", frame, close).isEqualTo(1011);
        assertThat(close.reason()).as("close reason for %s", frame).isNotBlank();
        assertBystanderStillWorks();
    }

    /** The close reason says what was wrong (it is the only diagnostic a client gets). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[\"1\",\"1\",\"room:x\",\"ping\",{\"a\": oops}]", "[not json", "[\"1\",\"1\",\"room:x\",\"ping\",{}"})
    void invalidJsonReasonMentionsTheProblem(String frame) throws Exception {
        WsClient client = connect();
        client.sendIgnoringFailure(frame);
        Close close = client.awaitClose();
        assertThat(close.status()).as("%s", close).isEqualTo(1011);
        assertThat(close.reason()).as("%s", close).containsIgnoringCase("json");
        assertBystanderStillWorks();
    }

    @Test
    void wrongArityClosesWith1011() throws Exception {
        WsClient client = connect();
        client.sendIgnoringFailure("[\"1\",\"1\"]");
        assertThat(client.awaitClose().status()).isEqualTo(1011);
        assertBystanderStillWorks();
    }

    @Test
    void nonStringTopicClosesWith1011() throws Exception {
        WsClient client = connect();
        client.sendIgnoringFailure("[null,\"1\",5,\"ev\",{}]");
        assertThat(client.awaitClose().status()).isEqualTo(1011);
        assertBystanderStillWorks();
    }

    /** §3.10: binary kind ≠ 0 and truncated binary headers are fatal too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "01010a0235387266",                                      // kind 1 (reply) from a client
        "02",                                                    // kind 2, nothing else
        "0005",                                                  // truncated header
        "00010109063538726f6f6d3a",                              // lengths run past the end
    })
    void malformedBinaryFrameClosesWith1011(String hex) throws Exception {
        WsClient client = connect();
        client.sendBinaryIgnoringFailure(HexFormat.of().parseHex(hex));
        Close close = client.awaitClose();
        assertThat(close.status()).as("close for %s: %s", hex, close).isEqualTo(1011);
        assertBystanderStillWorks();
    }

    /** §3.5, §8 item 16: an event for a topic without a channel is answered, the socket stays open. */
    @Test
    void unknownEventOnUnjoinedTopicRepliesUnmatchedTopic() throws Exception {
        WsClient client = connect();
        client.send("[null,\"7\",\"room:never-joined\",\"whatever\",{\"a\":1}]");
        JsonNode reply = client.awaitReply("7");
        assertThat(reply).isEqualTo(json(
                "[null,\"7\",\"room:never-joined\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]"));
        client.send("[null,\"8\",\"phoenix\",\"heartbeat\",{}]");
        assertThat(client.awaitReply("8")).as("socket stays open")
                .isEqualTo(json("[null,\"8\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]"));
        assertThat(client.closed.isDone()).isFalse();
        assertBystanderStillWorks();
    }

    /** §7.4, §8 item 29: a message larger than maxFrameBytes closes the connection with 1009. */
    @Test
    void oversizedFrameClosesWith1009() throws Exception {
        WsClient client = connect();
        String pad = "x".repeat(100 * 1024);
        client.sendIgnoringFailure("[null,\"1\",\"room:big\",\"ping\",{\"pad\":\"" + pad + "\"}]");
        Close close = client.awaitClose();
        assertThat(close.status()).as("%s", close).isEqualTo(1009);
        assertBystanderStillWorks();
    }

    /** A message just under the limit is fine. */
    @Test
    void frameJustUnderTheLimitIsAccepted() throws Exception {
        WsClient client = connect();
        client.send("[\"1\",\"1\",\"room:almost\",\"phx_join\",{}]");
        client.awaitReply("1");
        String prefix = "[\"1\",\"2\",\"room:almost\",\"ping\",{\"pad\":\"";
        String suffix = "\"}]";
        String pad = "y".repeat(MAX_FRAME_BYTES - prefix.length() - suffix.length() - 16);
        client.send(prefix + pad + suffix);
        JsonNode reply = client.awaitReply("2");
        assertThat(reply.get(4).get("status").asText()).isEqualTo("ok");
        assertThat(reply.get(4).get("response").get("pad").asText()).hasSize(pad.length());
        assertBystanderStillWorks();
    }

    /** §3.4, §8 item 15: null join_ref is accepted, a stale non-null join_ref is dropped silently. */
    @Test
    void nullJoinRefAcceptedStaleJoinRefDropped() throws Exception {
        WsClient client = connect();
        client.send("[\"5\",\"5\",\"room:refs\",\"phx_join\",{}]");
        assertThat(client.awaitReply("5").get(4).get("status").asText()).isEqualTo("ok");
        client.send("[null,\"6\",\"room:refs\",\"ping\",{\"n\":6}]");
        assertThat(client.awaitReply("6")).isEqualTo(json(
                "[\"5\",\"6\",\"room:refs\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"n\":6}}]"));
        client.send("[\"0\",\"7\",\"room:refs\",\"ping\",{\"n\":7}]");
        client.send("[null,\"8\",\"phoenix\",\"heartbeat\",{}]");
        List<JsonNode> seen = client.collectUntilReply("8");
        assertThat(seen).as("no reply to the stale join_ref").noneMatch(f -> f.get(1).asText().equals("7"));
        assertBystanderStillWorks();
    }

    /** §3.3, §8 item 13: duplicate join → new reply first, then phx_close for the old join_ref. */
    @Test
    void rawDuplicateJoinRepliesThenClosesOldInstance() throws Exception {
        WsClient client = connect();
        client.send("[\"1\",\"1\",\"room:dup\",\"phx_join\",{}]");
        assertThat(client.awaitReply("1").get(4).get("status").asText()).isEqualTo("ok");
        client.send("[\"9\",\"9\",\"room:dup\",\"phx_join\",{}]");
        JsonNode reply = client.next();
        assertThat(reply).as("the new join's reply comes first")
                .isEqualTo(json("[\"9\",\"9\",\"room:dup\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]"));
        JsonNode close = client.next();
        assertThat(close).isEqualTo(json("[\"1\",\"1\",\"room:dup\",\"phx_close\",{}]"));
        client.send("[\"9\",\"10\",\"room:dup\",\"ping\",{}]");
        assertThat(client.awaitReply("10").get(0).asText()).isEqualTo("9");
        assertBystanderStillWorks();
    }

    // ---------------------------------------------------------------------------------------------

    private void assertBystanderStillWorks() throws Exception {
        assertThat(bystander.closed.isDone()).as("bystander connection still open: %s",
                bystander.closed.isDone() ? bystander.closed.getNow(null) : "").isFalse();
        String ref = Long.toString(System.nanoTime());
        bystander.send("[\"1\",\"" + ref + "\",\"room:bystander\",\"ping\",{\"still\":\"alive\"}]");
        JsonNode reply = bystander.awaitReply(ref);
        assertThat(reply).isEqualTo(json("[\"1\",\"" + ref
                + "\",\"room:bystander\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"still\":\"alive\"}}]"));
    }

    private WsClient connect() throws Exception {
        WsClient client = new WsClient();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/socket/websocket?vsn=2.0.0");
        client.ws = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, client)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        clients.add(client);
        return client;
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    record Close(int status, String reason) {}

    /** A raw V2 client: collects text frames, records the close. */
    static final class WsClient implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Close> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(String text) throws Exception {
            ws.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** Sends; the server may close while the frame is still being written, which is fine here. */
        void sendIgnoringFailure(String text) throws InterruptedException {
            try {
                ws.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // the close (or its absence) is what the test checks
            }
        }

        void sendBinaryIgnoringFailure(byte[] bytes) throws InterruptedException {
            try {
                ws.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // see sendIgnoringFailure
            }
        }

        Close awaitClose() throws InterruptedException {
            try {
                Close close = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (Boolean.getBoolean("switchboard.interop.verbose")) {
                    System.out.println("closed by the server: " + close);
                }
                return close;
            } catch (ExecutionException e) {
                throw new AssertionError("the connection failed instead of receiving a close frame: " + e.getCause()
                        + "; frames received: " + texts, e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("no close within " + WAIT + "; frames received: " + texts);
            }
        }

        /** The next text frame, parsed. */
        JsonNode next() throws InterruptedException {
            String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no frame within " + WAIT + (closed.isDone() ? "; closed: " + describeClose() : ""));
            }
            return json(text);
        }

        /** Skips frames until the phx_reply with this ref. */
        JsonNode awaitReply(String ref) throws InterruptedException {
            List<JsonNode> seen = collectUntilReply(ref);
            return seen.get(seen.size() - 1);
        }

        /** Every frame up to and including the phx_reply with this ref. */
        List<JsonNode> collectUntilReply(String ref) throws InterruptedException {
            List<JsonNode> seen = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String text = texts.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (text == null) {
                    break;
                }
                JsonNode frame = json(text);
                seen.add(frame);
                if (frame.isArray() && frame.size() == 5 && ref.equals(frame.get(1).asText(null))
                        && "phx_reply".equals(frame.get(3).asText())) {
                    return seen;
                }
            }
            throw new AssertionError("no reply for ref " + ref + " within " + WAIT + "; frames: " + seen
                    + (closed.isDone() ? "; closed: " + describeClose() : ""));
        }

        private String describeClose() {
            try {
                return String.valueOf(closed.getNow(null));
            } catch (RuntimeException e) {
                return e.toString();
            }
        }

        void abort() {
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
