package dev.switchboard.server.transport.longpoll;

import static dev.switchboard.testsupport.phoenix.Messages.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.BackgroundPoller;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile long-poll input (spec §5.3, §5.4, §7.4): each answer exactly as the spec
 * says, the offending session left intact where it has one, and a bystander session — joined
 * before the bad input — still working afterwards.
 */
class LongPollBadInputTest {
    private static final int MAX_BODY = 64 * 1024;
    private static final Duration WINDOW = Duration.ofMillis(300);
    private static final Duration LIFETIME = Duration.ofMillis(600);

    private static SwitchboardServer server;
    private static String base;
    private LongPollClient bystander;
    private BackgroundPoller bystanderPolls;

    @BeforeAll
    static void start() {
        server = LpTestApp.server(WINDOW, LIFETIME).maxHttpBodyBytes(MAX_BODY).build().start();
        base = LpTestApp.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void joinBystander() {
        bystander = new LongPollClient(base, "vsn=2.0.0").open();
        assertThat(bystander.post("[\"1\",\"1\",\"room:bystander\",\"phx_join\",{}]").body()).isEqualTo("{\"status\":200}");
        assertThat(bystander.reply("1").get(4).path("status").asText()).isEqualTo("ok");
        bystanderPolls = new BackgroundPoller(bystander);
    }

    @AfterEach
    void bystanderStillWorks() throws InterruptedException {
        try {
            String ref = Long.toString(System.nanoTime());
            assertThat(bystander.post("[\"1\",\"" + ref + "\",\"room:bystander\",\"ping\",{\"still\":\"alive\"}]").body())
                    .isEqualTo("{\"status\":200}");
            assertThat(bystanderPolls.reply(ref)).isEqualTo(json("[\"1\",\"" + ref
                    + "\",\"room:bystander\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"still\":\"alive\"}}]"));
        } finally {
            bystanderPolls.close();
        }
    }

    /** §3.10 over long-poll: the whole POST is refused with 400 naming the line; the session goes on. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[not json", "[\"1\",\"1\"]", "[null,\"1\",5,\"ev\",{}]", "{\"foo\":1}"})
    void malformedNdjsonLineIs400AndNothingOfThePostIsDispatched(String badLine) {
        LongPollClient client = joined("room:bad");
        LongPollAnswer answer = client.post("[\"1\",\"2\",\"room:bad\",\"ping\",{\"first\":true}]", badLine);
        assertThat(answer.http()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).startsWith("line 2: invalid message: ");
        assertThat(answer.header("access-control-allow-origin")).isEqualTo("*");
        assertSessionWorks(client, "room:bad", "ping before the bad line was not dispatched");
    }

    /** §5.3: an undecodable base64 line is HTTP 400 (Phoenix: Plug.BadRequestError). */
    @Test
    void undecodableBase64LineIs400() {
        LongPollClient client = joined("room:b64");
        LongPollAnswer answer = client.post("[\"1\",\"2\",\"room:b64\",\"ping\",{}]", "not*base64!");
        assertThat(answer.http()).isEqualTo(400);
        assertThat(answer.body()).startsWith("line 2 is neither a JSON frame nor base64");
        assertSessionWorks(client, "room:b64", "nothing of the refused POST");
    }

    /** §7.4, §8 item 35: of 150 lines the first 100 are processed and the rest silently ignored. */
    @Test
    void onlyTheFirstHundredLinesOfABatchAreProcessed() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            lines.add("[null,\"" + i + "\",\"phoenix\",\"heartbeat\",{}]");
        }
        assertThat(client.post(lines.toArray(String[]::new)).body()).isEqualTo("{\"status\":200}");
        List<JsonNode> frames = client.pollUntil(f -> Messages.isReply(f, "100"), Duration.ofSeconds(5));
        frames.addAll(client.get().frames()); // anything beyond line 100 would be here by now
        assertThat(frames).extracting(f -> f.get(1).asText())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(Integer::toString)
                        .collect(Collectors.toList()));
    }

    /** §5.3, §8 item 33: an unknown or tampered token on GET opens a new session (410 + a new token). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "a.b", "tampered"})
    void unknownOrTamperedTokenOnGetOpensANewSession(String kind) {
        String token = kind.equals("tampered") ? tamper(bystander.token()) : kind;
        LongPollAnswer answer = new LongPollClient(base, "vsn=2.0.0").withToken(token).get();
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.status()).isEqualTo(410);
        assertThat(answer.json().path("token").asText()).isNotBlank().isNotEqualTo(token).isNotEqualTo(bystander.token());
        assertThat(answer.json().path("messages")).isEqualTo(json("[]"));
    }

    /** §5.3: a POST with an unknown or tampered token is {"status":410}. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "tampered"})
    void unknownOrTamperedTokenOnPostIs410(String kind) {
        String token = kind.equals("tampered") ? tamper(bystander.token()) : kind;
        LongPollAnswer answer = new LongPollClient(base, "vsn=2.0.0").withToken(token)
                .post("[\"1\",\"9\",\"room:bystander\",\"ping\",{}]");
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":410}");
    }

    /** §5.6, Phoenix #6791: a token is bound to its mount path; another mount treats it as unknown. */
    @Test
    void tokenFromAnotherMountIsNotAccepted() {
        String other = LpTestApp.base(server, "/other");
        LongPollAnswer post = new LongPollClient(other, "vsn=2.0.0").withToken(bystander.token())
                .post("[\"1\",\"9\",\"room:bystander\",\"ping\",{}]");
        assertThat(post.body()).isEqualTo("{\"status\":410}");
        LongPollAnswer get = new LongPollClient(other, "vsn=2.0.0").withToken(bystander.token()).get();
        assertThat(get.status()).isEqualTo(410);
        assertThat(get.json().path("token").asText()).as("a new session on /other").isNotEqualTo(bystander.token());
    }

    /**
     * §5.6: a valid token whose session another node owns (same secret, other node id) cannot be
     * served here until cluster routing exists: GET opens a new session, POST is 410.
     */
    @Test
    void tokenOwnedByAnotherNodeIsUnreachableHere() {
        byte[] secret = dev.switchboard.security.MessageSigner.randomSecret();
        try (SwitchboardServer a = LpTestApp.server(WINDOW, LIFETIME).nodeId("node-a").secretKey(secret).build().start();
             SwitchboardServer b = LpTestApp.server(WINDOW, LIFETIME).nodeId("node-b").secretKey(secret).build().start()) {
            LongPollClient onA = new LongPollClient(LpTestApp.base(a), "vsn=2.0.0").open();
            LongPollClient onB = new LongPollClient(LpTestApp.base(b), "vsn=2.0.0").withToken(onA.token());
            assertThat(onB.post("[null,\"1\",\"phoenix\",\"heartbeat\",{}]").body()).isEqualTo("{\"status\":410}");
            LongPollAnswer get = onB.get();
            assertThat(get.status()).isEqualTo(410);
            assertThat(get.json().path("token").asText()).isNotEqualTo(onA.token());
            assertThat(a.nodeId()).isEqualTo("node-a");
        }
    }

    /** §5.6, §8 item 34: no poll within the lifetime → the session is gone: POST 410, GET a new session. */
    @Test
    void expiredSessionAnswers410() throws InterruptedException {
        LongPollClient client = joined("room:expire");
        Thread.sleep(LIFETIME.toMillis() + 1_600); // lifetime + the once-a-second sweep + margin
        assertThat(client.post("[\"1\",\"3\",\"room:expire\",\"ping\",{}]").body()).isEqualTo("{\"status\":410}");
        LongPollAnswer get = client.get();
        assertThat(get.status()).isEqualTo(410);
        assertThat(get.json().path("token").asText()).isNotEqualTo(client.token());
    }

    /** A POST before any session (no token) is {"status":410}. */
    @Test
    void postWithoutASessionIs410() {
        LongPollAnswer answer = new LongPollClient(base, "vsn=2.0.0").post("[\"1\",\"1\",\"room:x\",\"phx_join\",{}]");
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":410}");
    }

    /** §1.2, §8 item 2: an unsupported or unparsable vsn refuses the session with {"status":403}. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vsn=3.0.0", "vsn=2.1.0", "vsn=abc", "vsn%5B%5D=2.0.0", "vsn=123.1.1"})
    void badVsnIs403(String query) {
        LongPollAnswer answer = new LongPollClient(base, query).get();
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":403}");
    }

    /** §1.4 step 6 over long-poll: the application refuses → {"status":403}. */
    @Test
    void refusedConnectIs403() {
        LongPollAnswer answer = new LongPollClient(base, "token=bad&vsn=2.0.0").get();
        assertThat(answer.http()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":403}");
    }

    /** §5.3: methods other than GET, POST, OPTIONS are HTTP 400. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "HEAD"})
    void otherMethodsAre400(String method) {
        LongPollAnswer answer = new LongPollClient(base, "vsn=2.0.0").withToken(bystander.token()).request(method, null, Map.of());
        assertThat(answer.http()).isEqualTo(400);
    }

    /** §7.4: a body over the server's maxHttpBodyBytes is refused with 413 before any of it is read as frames. */
    @Test
    void bodyOverTheLimitIs413() {
        String pad = "x".repeat(MAX_BODY);
        LongPollAnswer answer = bystander.post("[\"1\",\"5\",\"room:bystander\",\"ping\",{\"pad\":\"" + pad + "\"}]");
        assertThat(answer.http()).isEqualTo(413);
    }

    /** An undecodable query string is HTTP 400. */
    @Test
    void malformedQueryIs400() throws java.io.IOException {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write("GET /socket/longpoll?vsn=%zz& HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
            assertThat(raw.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static LongPollClient joined(String topic) {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]");
        assertThat(client.reply("1").get(4).path("status").asText()).isEqualTo("ok");
        return client;
    }

    /** The session still answers, and nothing of an earlier refused POST was dispatched. */
    private static void assertSessionWorks(LongPollClient client, String topic, String why) {
        assertThat(client.post("[\"1\",\"3\",\"" + topic + "\",\"ping\",{\"n\":3}]").body()).isEqualTo("{\"status\":200}");
        List<JsonNode> frames = client.pollUntil(f -> Messages.isReply(f, "3"), Duration.ofSeconds(5));
        assertThat(frames).as(why).extracting(f -> f.get(1).asText()).containsExactly("3");
    }

    /** Flips one character of the signature: same length, same alphabet, wrong MAC. */
    private static String tamper(String token) {
        char last = token.charAt(token.length() - 2);
        char replaced = last == 'A' ? 'B' : 'A';
        return token.substring(0, token.length() - 2) + replaced + token.charAt(token.length() - 1);
    }
}
