package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.HandshakeRefusedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A signed token in the {@code authToken} subprotocol, verified in connect, and refreshed on a live channel. */
class SignedAuthTokenTest {
    private final AuthApp app = new AuthApp();

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aValidSignedAuthTokenIsVerifiedInConnect() throws Exception {
        String token = AuthApp.TOKENS.sign("user socket", new AuthApp.Claims("ann"));
        try (PhoenixSocket client = connect(token)) {
            client.call("whoami:1", "phx_join", "{}", "ok");
            assertThat(client.call("whoami:1", "whoami", "{}", "ok").path("user").asText()).isEqualTo("ann");
        }
    }

    @Test
    void anExpiredOrForeignAuthTokenIsRefusedAtTheUpgrade() {
        String expired = AuthApp.TOKENS.withClock(Clock.fixed(Instant.now().minus(AuthApp.TOKEN_AGE).minusSeconds(5),
                ZoneOffset.UTC)).sign("user socket", new AuthApp.Claims("ann"));
        String otherSalt = AuthApp.TOKENS.sign("session", new AuthApp.Claims("ann"));

        assertThatThrownBy(() -> connect(expired))
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> connect(otherSalt))
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void aFreshTokenPushedOnAJoinedChannelReplacesTheCredentialsWithoutReconnecting() throws Exception {
        try (PhoenixSocket client = connect(AuthApp.TOKENS.sign("user socket", new AuthApp.Claims("ann")))) {
            client.call("whoami:1", "phx_join", "{}", "ok");

            String fresh = AuthApp.TOKENS.sign("user socket", new AuthApp.Claims("ann (renewed)"));
            JsonNode ok = client.call("whoami:1", "refresh_token", "{\"token\":\"" + fresh + "\"}", "ok");
            assertThat(ok.path("expires_at").asLong()).isGreaterThan(System.currentTimeMillis());
            assertThat(client.call("whoami:1", "whoami", "{}", "ok").path("user").asText()).isEqualTo("ann (renewed)");

            JsonNode refused = client.call("whoami:1", "refresh_token", "{\"token\":\"forged.token\"}", "error");
            assertThat(refused.path("reason").asText()).isEqualTo("invalid");
            assertThat(client.call("whoami:1", "whoami", "{}", "ok").path("user").asText()).isEqualTo("ann (renewed)");
        }
    }

    /** Connects offering the token in the {@code authToken} subprotocol, as phoenix.js does. */
    private PhoenixSocket connect(String authToken) throws Exception {
        return PhoenixSocket.connect(app.port(),
                PhoenixSocket.handshake("vsn=2.0.0").subprotocols("phoenix", Handshake.authTokenProtocol(authToken)));
    }
}
