package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.testkit.JoinedContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRefreshTest {
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Instant T0 = TokensTest.NOW;

    record UserClaims(String user) {}

    private static TokenRefresh<UserClaims> refresh(Instant now) {
        Tokens tokens = Tokens.withSecret(TokensTest.SECRET).withClock(Clock.fixed(now, ZoneOffset.UTC));
        return new TokenRefresh<>(tokens, "user socket", TTL, UserClaims.class);
    }

    private static String token(Instant signedAt, String user) {
        return Tokens.withSecret(TokensTest.SECRET).withClock(Clock.fixed(signedAt, ZoneOffset.UTC))
                .sign("user socket", new UserClaims(user));
    }

    @Test
    void connectCredentialsAreCurrentUntilTheyExpire() throws Exception {
        ChannelContext ctx = context();
        ctx.assign(TokenRefresh.DEFAULT_ASSIGN_KEY, refresh(T0).verify(token(T0, "ann")));

        assertThat(refresh(T0.plus(TTL)).current(ctx)).isEqualTo(new UserClaims("ann"));
        assertThat(refresh(T0.plus(TTL).plusSeconds(1)).current(ctx)).isNull();
    }

    @Test
    void aRefreshPushReplacesTheCredentialsAndRepliesWithTheNewExpiry() throws Exception {
        ChannelContext ctx = context();
        ctx.assign(TokenRefresh.DEFAULT_ASSIGN_KEY, refresh(T0).verify(token(T0, "ann")));
        Instant later = T0.plus(Duration.ofMinutes(10));

        HandleResult result = refresh(later).handle(Payload.json(Map.of("token", token(later, "ann2"))), ctx);

        assertThat(result).isInstanceOfSatisfying(HandleResult.Reply.class, r -> {
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.response().json().path("expires_at").asLong()).isEqualTo(later.plus(TTL).toEpochMilli());
        });
        assertThat(refresh(T0.plus(TTL).plusSeconds(1)).current(ctx)).isEqualTo(new UserClaims("ann2"));
    }

    @Test
    void aFailedRefreshRepliesWithTheReasonAndKeepsThePreviousCredentials() throws Exception {
        ChannelContext ctx = context();
        ctx.assign(TokenRefresh.DEFAULT_ASSIGN_KEY, refresh(T0).verify(token(T0, "ann")));
        Instant later = T0.plus(Duration.ofMinutes(10));

        assertThat(reason(refresh(later).handle(Payload.json(Map.of("token", token(T0.minus(TTL), "x"))), ctx)))
                .isEqualTo("expired");
        assertThat(reason(refresh(later).handle(Payload.json(Map.of("token", "abc.def")), ctx))).isEqualTo("invalid");
        assertThat(reason(refresh(later).handle(Payload.json(Map.of()), ctx))).isEqualTo("missing");
        assertThat(refresh(later).current(ctx)).isEqualTo(new UserClaims("ann"));
    }

    @Test
    void aChannelWithoutCredentialsHasNone() {
        assertThat(refresh(T0).current(context())).isNull();
    }

    private static String reason(HandleResult result) {
        HandleResult.Reply reply = (HandleResult.Reply) result;
        assertThat(reply.status()).isEqualTo("error");
        return reply.response().json().path("reason").asText();
    }

    /** A real channel's context, as TokenRefresh sees it in handleIn. */
    private static ChannelContext context() {
        return JoinedContext.join("room:1", Map.of());
    }
}
