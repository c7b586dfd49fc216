package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsrfCheckTest {
    private static final Tokens TOKENS = Tokens.withSecret(TokensTest.SECRET);
    private static final SessionReader READER =
            SessionReader.signedCookie("_app_key", TOKENS, "session", Duration.ofDays(14));
    private static final String CSRF = CsrfCheck.newToken();
    private static final String COOKIE =
            "theme=dark; _app_key=" + TOKENS.sign("session", Map.of("user_id", 7, "_csrf_token", CSRF));

    private static Map<String, Object> session(String cookieHeader, Object csrfParam) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("vsn", "2.0.0");
        if (csrfParam != null) {
            params.put(CsrfCheck.PARAM, csrfParam);
        }
        return CsrfCheck.session(READER, cookieHeader, params, "/socket");
    }

    @Test
    void theSessionIsGivenWhenTheCsrfParamMatchesIt() {
        assertThat(session(COOKIE, CSRF)).containsEntry("user_id", 7).containsEntry("_csrf_token", CSRF);
    }

    @Test
    void noSessionWithoutTheCsrfParamOrWithAWrongOne() {
        assertThat(session(COOKIE, null)).isNull();
        assertThat(session(COOKIE, "")).isNull();
        assertThat(session(COOKIE, CsrfCheck.newToken())).isNull();
        assertThat(session(COOKIE, Map.of("nested", CSRF))).isNull();
        assertThat(session(COOKIE, CSRF.substring(0, CSRF.length() - 1))).as("a prefix").isNull();
        assertThat(session(COOKIE, CSRF + "A")).as("one character more").isNull();
    }

    @Test
    void noSessionWithoutACookieOrWithATamperedOne() {
        assertThat(session(null, CSRF)).isNull();
        assertThat(session("theme=dark", CSRF)).isNull();
        assertThat(session(COOKIE.replace("_app_key=", "_app_key=x"), CSRF)).isNull();
        String forged = "_app_key=" + Tokens.withSecret(TokensTest.NEW_SECRET)
                .sign("session", Map.of("user_id", 1, "_csrf_token", CSRF));
        assertThat(session(forged, CSRF)).isNull();
    }

    @Test
    void aSessionWithoutCsrfStateIsNeverGiven() {
        String cookie = "_app_key=" + TOKENS.sign("session", Map.of("user_id", 7));
        assertThat(session(cookie, "anything")).isNull();
    }

    @Test
    void noReaderMeansNoSession() {
        assertThat(CsrfCheck.session(null, COOKIE, Map.of(CsrfCheck.PARAM, CSRF), "/socket")).isNull();
    }

    @Test
    void cookieHeadersAreSplitTrimmedAndUnquotedFirstNameWins() {
        assertThat(CsrfCheck.cookies(" a=1; b=\"two\";c = 3 ; a=9; junk; =x"))
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "two"), Map.entry("c", "3"));
        assertThat(CsrfCheck.cookies(null)).isEmpty();
    }

    @Test
    void freshCsrfTokensDiffer() {
        assertThat(CsrfCheck.newToken()).hasSize(43).isNotEqualTo(CsrfCheck.newToken());
    }
}
