package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.security.MessageSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Token resolution without any event loop: what {@link LocalLongPollSessions#locate} makes of
 * tokens that are not for a live local shard. (Local sessions are covered over real HTTP.)
 */
class LocalLongPollSessionsTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static MessageSigner signer(String purpose, Instant now) {
        return MessageSigner.builder(purpose, SECRET).maxAge(Duration.ofDays(14))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    private final LocalLongPollSessions sessions =
            new LocalLongPollSessions("node-a", signer(LocalLongPollSessions.PURPOSE, NOW), List.of());

    private static String token(String purpose, Instant at, SessionToken content) {
        return signer(purpose, at).sign(content.encode());
    }

    @Test
    void anotherNodesTokenIsRemoteWithItsContent() {
        SessionToken content = new SessionToken("node-b", "/socket", 1, 42);
        LongPollSessions.Location location = sessions.locate(token(LocalLongPollSessions.PURPOSE, NOW, content), "/socket");
        assertThat(location).isEqualTo(new LongPollSessions.Remote(content));
    }

    @Test
    void tokenForAnotherMountIsUnknown() {
        String token = token(LocalLongPollSessions.PURPOSE, NOW, new SessionToken("node-a", "/socket", 0, 1));
        assertThat(sessions.locate(token, "/other")).isInstanceOfSatisfying(LongPollSessions.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo("token issued for /socket, used on /other"));
    }

    @Test
    void localTokenNamingAnEventLoopThisNodeDoesNotHaveIsUnknown() {
        String token = token(LocalLongPollSessions.PURPOSE, NOW, new SessionToken("node-a", "/socket", 7, 1));
        assertThat(sessions.locate(token, "/socket")).isInstanceOf(LongPollSessions.Unknown.class);
    }

    @Test
    void expiredTamperedOrForeignPurposeTokensAreUnknown() {
        SessionToken content = new SessionToken("node-b", "/socket", 0, 1);
        String expired = token(LocalLongPollSessions.PURPOSE, NOW.minus(Duration.ofDays(15)), content);
        assertThat(sessions.locate(expired, "/socket")).isInstanceOfSatisfying(LongPollSessions.Unknown.class,
                u -> assertThat(u.reason()).contains("EXPIRED"));
        String otherPurpose = token("user-token", NOW, content);
        assertThat(sessions.locate(otherPurpose, "/socket")).isInstanceOfSatisfying(LongPollSessions.Unknown.class,
                u -> assertThat(u.reason()).contains("BAD_SIGNATURE"));
        assertThat(sessions.locate("garbage", "/socket")).isInstanceOf(LongPollSessions.Unknown.class);
    }

    @Test
    void correctlySignedButUnreadablePayloadIsUnknown() {
        String token = signer(LocalLongPollSessions.PURPOSE, NOW).sign(new byte[] {9, 9});
        assertThat(sessions.locate(token, "/socket")).isInstanceOfSatisfying(LongPollSessions.Unknown.class,
                u -> assertThat(u.reason()).contains("unreadable payload"));
    }

    @Test
    void nodeIdIsValidated() {
        assertThatThrownBy(() -> new LocalLongPollSessions("bad node", signer("x", NOW), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
