package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.phoenix.Messages;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.ws.CloseStatus;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile input over raw WebSockets (V2 frames), PROTOCOL.md §3.10,
 * §7.4, §8 items 15, 16, 25, 29. Every test also checks that a bystander client, connected before
 * the bad input, keeps working.
 */
@Tag("interop")
class BadInputTest {

    private static final int MAX_FRAME_BYTES = 64 * 1024;

    private static SwitchboardServer server;

    private PhoenixSocket bystander;
    private final List<PhoenixSocket> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = InteropApp.start(SocketOptions.DEFAULTS.withMaxFrameBytes(MAX_FRAME_BYTES));
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
        clients.forEach(PhoenixSocket::close);
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
        PhoenixSocket client = connect();
        client.trySend(frame);
        CloseStatus close = awaitClose(client);
        assertThat(close.code()).as("close for %s: %s", frame, close).isEqualTo(1011);
        assertThat(close.reason()).as("close reason for %s", frame).isNotBlank();
        assertBystanderStillWorks();
    }

    /** The close reason says what was wrong (it is the only diagnostic a client gets). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[\"1\",\"1\",\"room:x\",\"ping\",{\"a\": oops}]", "[not json", "[\"1\",\"1\",\"room:x\",\"ping\",{}"})
    void invalidJsonReasonMentionsTheProblem(String frame) throws Exception {
        PhoenixSocket client = connect();
        client.trySend(frame);
        CloseStatus close = awaitClose(client);
        assertThat(close.code()).as("%s", close).isEqualTo(1011);
        assertThat(close.reason()).as("%s", close).containsIgnoringCase("json");
        assertBystanderStillWorks();
    }

    @Test
    void wrongArityClosesWith1011() throws Exception {
        PhoenixSocket client = connect();
        client.trySend("[\"1\",\"1\"]");
        assertThat(awaitClose(client).code()).isEqualTo(1011);
        assertBystanderStillWorks();
    }

    @Test
    void nonStringTopicClosesWith1011() throws Exception {
        PhoenixSocket client = connect();
        client.trySend("[null,\"1\",5,\"ev\",{}]");
        assertThat(awaitClose(client).code()).isEqualTo(1011);
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
        PhoenixSocket client = connect();
        client.trySendBinary(HexFormat.of().parseHex(hex));
        CloseStatus close = awaitClose(client);
        assertThat(close.code()).as("close for %s: %s", hex, close).isEqualTo(1011);
        assertBystanderStillWorks();
    }

    /** §3.5, §8 item 16: an event for a topic without a channel is answered, the socket stays open. */
    @Test
    void unknownEventOnUnjoinedTopicRepliesUnmatchedTopic() throws Exception {
        PhoenixSocket client = connect();
        client.send("[null,\"7\",\"room:never-joined\",\"whatever\",{\"a\":1}]");
        JsonNode reply = client.awaitReply("7");
        assertThat(reply).isEqualTo(json(
                "[null,\"7\",\"room:never-joined\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]"));
        client.send("[null,\"8\",\"phoenix\",\"heartbeat\",{}]");
        assertThat(client.awaitReply("8")).as("socket stays open")
                .isEqualTo(json("[null,\"8\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]"));
        assertThat(client.isOpen()).isTrue();
        assertBystanderStillWorks();
    }

    /** §7.4, §8 item 29: a message larger than maxFrameBytes closes the connection with 1009. */
    @Test
    void oversizedFrameClosesWith1009() throws Exception {
        PhoenixSocket client = connect();
        String pad = "x".repeat(100 * 1024);
        client.trySend("[null,\"1\",\"room:big\",\"ping\",{\"pad\":\"" + pad + "\"}]");
        CloseStatus close = awaitClose(client);
        assertThat(close.code()).as("%s", close).isEqualTo(1009);
        assertBystanderStillWorks();
    }

    /** A message just under the limit is fine. */
    @Test
    void frameJustUnderTheLimitIsAccepted() throws Exception {
        PhoenixSocket client = connect();
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
        PhoenixSocket client = connect();
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
        PhoenixSocket client = connect();
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
        assertThat(bystander.isOpen()).as("bystander connection still open: %s", bystander.webSocket().closeReceived()).isTrue();
        String ref = Long.toString(System.nanoTime());
        bystander.send("[\"1\",\"" + ref + "\",\"room:bystander\",\"ping\",{\"still\":\"alive\"}]");
        JsonNode reply = bystander.awaitReply(ref);
        assertThat(reply).isEqualTo(json("[\"1\",\"" + ref
                + "\",\"room:bystander\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"still\":\"alive\"}}]"));
    }

    private PhoenixSocket connect() throws Exception {
        PhoenixSocket client = PhoenixSocket.connect(server.port());
        clients.add(client);
        return client;
    }

    /** The server's close of {@code client}, printed with {@code -Dswitchboard.interop.verbose=true}. */
    private static CloseStatus awaitClose(PhoenixSocket client) throws Exception {
        CloseStatus close = client.awaitClose();
        if (Boolean.getBoolean("switchboard.interop.verbose")) {
            System.out.println("closed by the server: " + close);
        }
        return close;
    }

    private static JsonNode json(String text) {
        return Messages.json(text);
    }
}
