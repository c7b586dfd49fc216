package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.security.CsrfCheck;
import dev.switchboard.security.InvalidTokenException;
import dev.switchboard.security.SessionReader;
import dev.switchboard.security.Tokens;
import dev.switchboard.socket.ConnectInfo;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The socket's connect rule, as the server runs it: params off a query string, connect info, refusals, socket ids. */
class ConnectTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.socket());

    @Test
    void paramsReachConnectAsAQueryStringWouldDeliverThemEveryLeafAString() {
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        ChannelTester tester = ChannelTester.of(SocketDefinition.builder("/socket")
                .connect(req -> {
                    seen.set(req.params());
                    return ConnectResult.accept();
                }).build());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("user", "ann");
        params.put("n", 42);
        params.put("admin", true);
        params.put("profile", Map.of("lang", "fr"));

        tester.connect(params);

        assertThat(seen.get()).containsEntry("user", "ann").containsEntry("n", "42").containsEntry("admin", "true")
                .containsEntry("profile", Map.of("lang", "fr")).containsEntry("vsn", "2.0.0");
        tester.close();
    }

    @Test
    void assignsAndTheSocketIdFromConnectReachTheChannels() {
        ClientSocket ann = kit.connect(Map.of("user", "ann", "id", "users:7"));

        assertThat(ann.assigns()).isEqualTo(Map.of("user", "ann"));
        assertThat(ann.id()).isEqualTo("users:7");
        ann.subscribeAndJoin("room:a").push("whoami").assertOk(Map.of("user", "ann", "socket_id", "users:7"));
    }

    @Test
    void aRefusedConnectAnswersTheAppsStatus() {
        assertThat(kit.assertConnectRefused(Map.of("user", "mallory"))).isEqualTo(403);
        assertThat(kit.assertConnectRefused("user=busy")).isEqualTo(429);
    }

    @Test
    void connectFailsTheTestWhenRefusedAndAssertConnectRefusedWhenAccepted() {
        assertThatThrownBy(() -> kit.connect(Map.of("user", "mallory")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("connect was refused with HTTP 403; the client asked with ?user=mallory");
        assertThatThrownBy(() -> kit.assertConnectRefused(Map.of("user", "ann")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("connect accepted the client (assigns {user=ann}, id null) but was expected to refuse it");
    }

    @Test
    void anUnsupportedProtocolVersionIsRefusedBeforeTheAppIsAsked() {
        assertThat(kit.assertConnectRefused("user=ann&vsn=3.0.0")).isEqualTo(403);
        assertThat(kit.connect("user=ann&vsn=1.0.0").session().serializer().format())
                .isEqualTo(dev.switchboard.protocol.WireFormat.V1_JSON);
    }

    @Test
    void aConnectThatThrowsRefusesWith500() {
        ChannelTester broken = ChannelTester.of(SocketDefinition.builder("/socket")
                .connect(req -> {
                    throw new IllegalStateException("connect exploded (expected in the log)");
                }).build());

        assertThat(broken.assertConnectRefused(Map.of())).isEqualTo(500);
        broken.close();
    }

    @Test
    void theConnectInfoCarriesTheAuthTokenHeadersAndPeer() {
        AtomicReference<ConnectInfo> seen = new AtomicReference<>();
        ChannelTester tester = ChannelTester.of(SocketDefinition.builder("/socket")
                .connect(req -> {
                    seen.set(req.info());
                    return ConnectResult.accept();
                }).build());

        tester.connect(ConnectSpec.params(Map.of("a", "1")).authToken("secret-token").header("X-Request-Id", "r1")
                .userAgent("test-agent"));

        ConnectInfo info = seen.get();
        assertThat(info.transport()).isEqualTo("websocket");
        assertThat(info.authToken()).isEqualTo("secret-token");
        assertThat(info.xHeaders()).isEqualTo(Map.of("x-request-id", "r1"));
        assertThat(info.userAgent()).isEqualTo("test-agent");
        assertThat(info.peer()).isEqualTo(ConnectSpec.DEFAULT_PEER);
        assertThat(info.uri()).isEqualTo("/socket/websocket?a=1");
        tester.close();
    }

    @Test
    void onlyXHeadersCanBeGivenBecauseOnlyThoseReachConnect() {
        assertThatThrownBy(() -> ConnectSpec.params(Map.of()).header("Cookie", "a=b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only x-* headers reach connect");
    }

    @Test
    void aSessionCookieReachesConnectOnlyWithItsCsrfToken() {
        Tokens tokens = Tokens.withSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        String csrf = CsrfCheck.newToken();
        String cookie = "_app_key=" + tokens.sign("session", Map.of("user_id", 7, "_csrf_token", csrf));
        AtomicReference<Map<String, Object>> session = new AtomicReference<>();
        ChannelTester tester = ChannelTester.of(SocketDefinition.builder("/socket")
                .session(SessionReader.signedCookie("_app_key", tokens, "session", Duration.ofDays(1)))
                .connect(req -> {
                    session.set(req.info().session());
                    return req.info().session() == null ? ConnectResult.refuse() : ConnectResult.accept();
                }).build());

        assertThat(tester.assertConnectRefused(ConnectSpec.params(Map.of()).cookie(cookie))).isEqualTo(403);
        tester.connect(ConnectSpec.params(Map.of("_csrf_token", csrf)).cookie(cookie));

        assertThat(session.get()).containsEntry("user_id", 7);
        tester.close();
    }

    @Test
    void anAppThatReadsTheTimeThroughAClockFollowsTheVirtualClock() {
        Tokens signer = Tokens.withSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        ChannelTester tester = ChannelTester.of(clock -> {
            Tokens tokens = signer.withClock(clock);
            return SocketDefinition.builder("/socket").connect(req -> {
                try {
                    return ConnectResult.accept(Map.of("user", tokens.verify("user", req.param("token"), Duration.ofDays(1), String.class)));
                } catch (InvalidTokenException e) {
                    return ConnectResult.refuse();
                }
            }).build();
        }, TesterOptions.DEFAULTS);
        String token = signer.withClock(tester.clock()).sign("user", "ann");

        assertThat(tester.connect(Map.of("token", token)).assigns()).isEqualTo(Map.of("user", "ann"));
        tester.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(tester.assertConnectRefused(Map.of("token", token))).isEqualTo(403);
        tester.close();
    }

    @Test
    void disconnectingASocketIdClosesItsConnectionsWith1001() {
        ClientSocket first = kit.connect(Map.of("user", "ann", "id", "users:7"));
        ClientSocket second = kit.connect(Map.of("user", "ann", "id", "users:7"));
        ClientSocket other = kit.connect(Map.of("user", "bob", "id", "users:8"));

        kit.node().disconnect("users:7");

        assertThat(first.assertDisconnected(1001).reason()).isEqualTo("disconnected by server");
        second.assertDisconnected(1001);
        other.refuteDisconnected();
    }

    @Test
    void aClientCanReconnectAndRunsConnectAgain() {
        ClientSocket ann = kit.connect(Map.of("user", "ann", "id", "users:7"));
        kit.node().disconnect("users:7");
        ann.assertDisconnected();

        ann.reconnect();

        assertThat(ann.isConnected()).isTrue();
        assertThat(ann.assigns()).isEqualTo(Map.of("user", "ann"));
    }

    @Test
    void paramsThatNoQueryStringCanCarryAreRefusedWithTheReason() {
        assertThatThrownBy(() -> kit.connect(Map.of("when", java.time.Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect param when is a Instant");
    }
}
