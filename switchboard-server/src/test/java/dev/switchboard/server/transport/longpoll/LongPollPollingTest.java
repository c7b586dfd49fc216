package dev.switchboard.server.transport.longpoll;

import static dev.switchboard.testsupport.phoenix.Messages.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request sequence of spec §5.2 and the answers of §5.3, over real HTTP. */
class LongPollPollingTest {
    private static final Duration WINDOW = Duration.ofMillis(400);

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = LpTestApp.server(WINDOW, Duration.ofSeconds(5)).build().start();
        base = LpTestApp.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** §5.2 step 1, §8 item 31: the first GET (URL ending with a bare '&') creates the session. */
    @Test
    void firstGetCreatesASessionWith410AndAToken() {
        LongPollClient client = new LongPollClient(base, "user_id=42&vsn=2.0.0");
        LongPollAnswer answer = client.get();
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(answer.header("cache-control")).isEqualTo("no-store");
        assertThat(answer.header("access-control-allow-origin")).isEqualTo("*");
        JsonNode body = answer.json();
        assertThat(body.path("status").asInt()).isEqualTo(410);
        assertThat(body.path("token").asText()).isNotBlank();
        assertThat(body.path("messages")).isEqualTo(json("[]"));
        assertThat(body.size()).as("exactly status, token, messages: %s", body).isEqualTo(3);
    }

    /** §5.2 steps 2–3: a POSTed join is answered {"status":200}; its reply arrives on the next GET as a string. */
    @Test
    void postedJoinIsAcknowledgedAndItsReplyComesWithTheNextPoll() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        LongPollAnswer posted = client.post("[\"3\",\"3\",\"room:lobby\",\"phx_join\",{}]");
        assertThat(posted.http()).isEqualTo(200);
        assertThat(posted.body()).isEqualTo("{\"status\":200}");
        assertThat(posted.header("cache-control")).isEqualTo("no-store");

        LongPollAnswer polled = client.get();
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.json().path("token").asText()).as("the token stays the same").isEqualTo(client.token());
        assertThat(polled.json().path("messages")).isEqualTo(json(
                "[\"[\\\"3\\\",\\\"3\\\",\\\"room:lobby\\\",\\\"phx_reply\\\",{\\\"status\\\":\\\"ok\\\",\\\"response\\\":{}}]\"]"));
    }

    /** §5.5: nothing to send → the poll is held for the window, then answered 204. */
    @Test
    void idlePollIsHeldForTheWindowThenAnswered204() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        long start = System.nanoTime();
        LongPollAnswer answer = client.get();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(json("{\"status\":204,\"token\":\"" + client.token() + "\",\"messages\":[]}"));
        assertThat(elapsedMs).as("held about one window").isBetween(WINDOW.toMillis() - 50, WINDOW.toMillis() + 1500);
    }

    /** §5.5: a parked poll is answered as soon as something arrives, long before the window ends. */
    @Test
    void parkedPollIsWokenByABroadcast() throws Exception {
        LongPollClient listener = new LongPollClient(base, "vsn=2.0.0").open();
        listener.post("[\"1\",\"1\",\"room:wake\",\"phx_join\",{}]");
        listener.reply("1");
        CompletableFuture<LongPollAnswer> parked = listener.getAsync();
        Thread.sleep(100);
        assertThat(parked).as("nothing to send yet: parked").isNotDone();
        server.endpoint().broadcast("room:wake", "msg", Map.of("n", 1));
        LongPollAnswer answer = parked.get(WINDOW.toMillis() - 50, TimeUnit.MILLISECONDS);
        assertThat(answer.frames()).containsExactly(json("[null,null,\"room:wake\",\"msg\",{\"n\":1}]"));
    }

    /** Frames produced together leave in one answer, in order. */
    @Test
    void framesSentTogetherArriveInOneAnswerInOrder() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"room:batch\",\"phx_join\",{}]",
                "[\"1\",\"2\",\"room:batch\",\"ping\",{\"n\":2}]",
                "[\"1\",\"3\",\"room:batch\",\"ping\",{\"n\":3}]");
        List<JsonNode> frames = client.pollUntil(f -> Messages.isReply(f, "3"), Duration.ofSeconds(5));
        assertThat(frames).extracting(f -> f.get(1).asText()).containsExactly("1", "2", "3");
    }

    /** At most one parked poll: a newer poll answers the older one with 204 at once and takes its place. */
    @Test
    void newerPollAnswersTheParkedOneWith204() throws Exception {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"room:twice\",\"phx_join\",{}]");
        client.reply("1");
        CompletableFuture<LongPollAnswer> first = LongPollClient.isolated(base, "vsn=2.0.0").withToken(client.token()).getAsync();
        Thread.sleep(100);
        CompletableFuture<LongPollAnswer> second = LongPollClient.isolated(base, "vsn=2.0.0").withToken(client.token()).getAsync();
        LongPollAnswer older = first.get(WINDOW.toMillis() - 100, TimeUnit.MILLISECONDS);
        assertThat(older.status()).as("the replaced poll: %s", older.body()).isEqualTo(204);
        server.endpoint().broadcast("room:twice", "msg", Map.of("to", "second"));
        LongPollAnswer newer = second.get(5, TimeUnit.SECONDS);
        assertThat(newer.frames()).containsExactly(json("[null,null,\"room:twice\",\"msg\",{\"to\":\"second\"}]"));
    }

    /** §5.6: connect params come from the session-creating GET; §1.3: X-Phoenix-AuthToken is the auth token. */
    @Test
    void connectSeesParamsAndTheAuthTokenHeaderButNotAsAnXHeader() {
        LongPollClient client = new LongPollClient(base, "user%5Bid%5D=5&vsn=2.0.0");
        LongPollAnswer created = client.get(Map.of("X-Phoenix-AuthToken", "secret-token", "X-Trace", "t-1"));
        assertThat(created.status()).isEqualTo(410);
        client.withToken(created.json().path("token").asText());
        client.post("[\"1\",\"1\",\"whoami:me\",\"phx_join\",{}]");
        JsonNode response = client.reply("1").get(4).path("response");
        assertThat(response.path("auth_token").asText()).isEqualTo("secret-token");
        assertThat(response.path("transport").asText()).isEqualTo("longpoll");
        assertThat(response.path("params")).isEqualTo(json("{\"user\":{\"id\":\"5\"},\"vsn\":\"2.0.0\"}"));
        assertThat(response.path("x_headers")).isEqualTo(json("{\"x-trace\":\"t-1\"}"));
    }

    /** §5.8: binary from the server never reaches a long-poll client; the text after it does. */
    @Test
    void serverBinaryIsDroppedTextStillFlows() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"room:bin\",\"phx_join\",{}]", "[\"1\",\"2\",\"room:bin\",\"binary_then_text\",{}]");
        List<JsonNode> frames = client.pollUntil(f -> Messages.isReply(f, "2"), Duration.ofSeconds(5));
        assertThat(frames).extracting(f -> f.get(3).asText()).containsExactly("phx_reply", "text", "phx_reply");
    }

    /** §2.5, §5.4: a client binary push arrives as a base64 line and reaches the channel as bytes. */
    @Test
    void clientBinaryPushAsBase64Line() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        // 00 | 1 1 9 7 | "1" "2" "room:b64" "bin_len" | 09 08 07
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(
                "000101080731" + "32" + hex("room:b64") + hex("bin_len") + "090807"));
        client.post("[\"1\",\"1\",\"room:b64\",\"phx_join\",{}]", base64);
        JsonNode reply = client.reply("2");
        assertThat(reply).isEqualTo(json(
                "[\"1\",\"2\",\"room:b64\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"size\":3,\"hex\":\"090807\"}}]"));
    }

    /** §2.2, §1.2: no vsn means 1.0.0; a V1 client POSTs one plain JSON object and gets V1 objects back. */
    @Test
    void missingVsnIsVersionOneWithPlainJsonBodies() {
        LongPollClient client = new LongPollClient(base, "").open();
        LongPollAnswer posted = client.postBody("application/json",
                "{\"topic\":\"room:v1\",\"event\":\"phx_join\",\"payload\":{},\"ref\":\"1\",\"join_ref\":\"1\"}");
        assertThat(posted.body()).isEqualTo("{\"status\":200}");
        LongPollAnswer polled = client.get();
        assertThat(polled.frames()).containsExactly(json(
                "{\"topic\":\"room:v1\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},\"ref\":\"1\"}"));
    }

    /** §5.3, §8 item 36: OPTIONS preflight echoes the requested headers. */
    @Test
    void preflightAllowsTheRequestedHeaders() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0");
        LongPollAnswer answer = client.request("OPTIONS", null, Map.of(
                "Access-Control-Request-Headers", "x-phoenix-authtoken", "Access-Control-Request-Method", "GET"));
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.header("access-control-allow-headers")).isEqualTo("x-phoenix-authtoken");
        assertThat(answer.header("access-control-allow-methods")).isEqualTo("get, post, options");
        assertThat(answer.header("access-control-max-age")).isEqualTo("3600");
        assertThat(answer.header("access-control-allow-origin")).isEqualTo("*");
    }

    /** A POST with a slow join is answered once the session took every line (back-pressure), not before. */
    @Test
    void postWaitsForASlowJoinBeforeAnswering() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        long start = System.nanoTime();
        LongPollAnswer posted = client.post("[\"1\",\"1\",\"slow:a\",\"phx_join\",{}]", "[\"1\",\"2\",\"slow:a\",\"echo\",{}]");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(posted.body()).isEqualTo("{\"status\":200}");
        assertThat(elapsedMs).as("answered after the 300 ms join").isGreaterThanOrEqualTo(250);
        List<JsonNode> frames = client.pollUntil(f -> Messages.isReply(f, "2"), Duration.ofSeconds(5));
        assertThat(frames).extracting(f -> f.get(1).asText()).containsExactly("1", "2");
    }

    private static String hex(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
