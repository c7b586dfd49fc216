package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.security.CsrfCheck;
import dev.switchboard.socket.ConnectInfo;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.ws.Handshake;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cookie sessions reach the app only with a matching {@code _csrf_token} connect param (spec §1.5, §7.2). */
class SessionCsrfTest {
    private static final String CSRF = CsrfCheck.newToken();
    private static final String COOKIE = "theme=dark; _app_key="
            + AuthApp.TOKENS.sign("session", Map.of("user_id", 7, "_csrf_token", CSRF));

    private final AuthApp app = new AuthApp();

    @AfterEach
    void stop() {
        app.close();
    }

    private static String csrfParam(String value) {
        return "&_csrf_token=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode whoami(String query, String cookie) throws Exception {
        Handshake handshake = PhoenixSocket.handshake("vsn=2.0.0" + query);
        if (cookie != null) {
            handshake.header("Cookie", cookie);
        }
        try (PhoenixSocket client = PhoenixSocket.connect(app.port(), handshake)) {
            client.call("whoami:1", "phx_join", "{}", "ok");
            return client.call("whoami:1", "whoami", "{}", "ok");
        }
    }

    @Test
    void overWebSocketTheCookieAndAMatchingCsrfParamGiveTheAppTheSession() throws Exception {
        JsonNode me = whoami(csrfParam(CSRF), COOKIE);

        assertThat(me.path("session").path("user_id").asInt()).isEqualTo(7);
    }

    @Test
    void overWebSocketACookieWithoutOrWithAWrongCsrfParamGivesNoSession() throws Exception {
        assertThat(whoami("", COOKIE).path("session").isNull()).isTrue();
        assertThat(whoami(csrfParam(CsrfCheck.newToken()), COOKIE).path("session").isNull()).isTrue();
        assertThat(whoami(csrfParam(CSRF), null).path("session").isNull()).as("no cookie").isTrue();
    }

    @Test
    void theAppNeverSeesTheRawCookie() throws Exception {
        whoami(csrfParam(CSRF), COOKIE);

        ConnectInfo info = app.connects.poll(5, TimeUnit.SECONDS);
        assertThat(info.xHeaders()).doesNotContainKey("cookie");
        assertThat(info.toString()).doesNotContain("theme=dark").doesNotContain("_app_key");
    }

    @Test
    void overLongPollTheSessionCreatingGetCarriesCookieAndCsrfParam() throws Exception {
        assertThat(longPollSession(csrfParam(CSRF), COOKIE)).containsEntry("user_id", 7);
        assertThat(longPollSession(csrfParam("wrong"), COOKIE)).isNull();
        assertThat(longPollSession("", COOKIE)).isNull();
    }

    private Map<String, Object> longPollSession(String query, String cookie) throws Exception {
        app.connects.clear();
        LongPollAnswer answer = new LongPollClient("http://127.0.0.1:" + app.port() + "/socket/longpoll", "vsn=2.0.0" + query)
                .get(Map.of("Cookie", cookie));
        assertThat(answer.http()).isEqualTo(200);
        ConnectInfo info = app.connects.poll(5, TimeUnit.SECONDS);
        assertThat(info).as("connect ran; answer %s", answer.body()).isNotNull();
        assertThat(info.transport()).isEqualTo("longpoll");
        return info.session();
    }
}
