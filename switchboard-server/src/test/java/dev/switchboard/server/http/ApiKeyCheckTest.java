package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

/** Who may publish: a bearer key when one is configured, else loopback clients only. */
class ApiKeyCheckTest {
    private static final String KEY = "0123456789abcdef0123";
    private static final SocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 50000);
    private static final SocketAddress REMOTE = new InetSocketAddress("10.0.0.1", 50000);

    @Test
    void withoutAKeyOnlyLoopbackClientsAreServed() {
        ApiKeyCheck check = ApiKeyCheck.loopbackOnly();

        assertThat(check.check(null, LOOPBACK)).isEmpty();
        assertThat(check.check(null, new InetSocketAddress("127.0.0.2", 1))).as("all of 127.0.0.0/8").isEmpty();
        assertThat(check.check(null, new InetSocketAddress("::1", 1))).isEmpty();
        assertThat(check.check("Bearer " + KEY, REMOTE)).as("a key proves nothing when none is configured")
                .contains(ApiKeyCheck.Refusal.NOT_LOOPBACK);
        assertThat(check.check(null, new InetSocketAddress("192.168.1.20", 1))).contains(ApiKeyCheck.Refusal.NOT_LOOPBACK);
        assertThat(check.check(null, new InetSocketAddress("fd00::1", 1))).contains(ApiKeyCheck.Refusal.NOT_LOOPBACK);
    }

    @Test
    void aRemoteClientWithoutAKeyGets403ExplainingHowToConfigureOne() {
        ApiKeyCheck.Refusal refusal = ApiKeyCheck.loopbackOnly().check(null, REMOTE).orElseThrow();

        assertThat(refusal.status().code()).isEqualTo(403);
        assertThat(refusal.reason()).contains("loopback").contains("--api-key");
        assertThat(refusal.challenge()).isNull();
    }

    @Test
    void addressesThatAreNotIpAreNotLoopback() {
        assertThat(ApiKeyCheck.isLoopback(new EmbeddedChannel().remoteAddress())).isFalse();
        assertThat(ApiKeyCheck.isLoopback(null)).isFalse();
        assertThat(ApiKeyCheck.isLoopback(InetSocketAddress.createUnresolved("localhost", 1))).isFalse();
    }

    @Test
    void withAKeyEveryClientMustPresentIt() {
        ApiKeyCheck check = ApiKeyCheck.bearer(KEY);

        assertThat(check.check("Bearer " + KEY, REMOTE)).isEmpty();
        assertThat(check.check("Bearer " + KEY, LOOPBACK)).isEmpty();
        assertThat(check.check("bearer  " + KEY + " ", REMOTE)).as("scheme is case-insensitive").isEmpty();
        assertThat(check.check(null, LOOPBACK)).as("loopback needs the key too").contains(ApiKeyCheck.Refusal.MISSING_KEY);
    }

    @Test
    void aMissingKeyIs401WithABearerChallenge() {
        ApiKeyCheck.Refusal refusal = ApiKeyCheck.bearer(KEY).check(null, REMOTE).orElseThrow();

        assertThat(refusal.status().code()).isEqualTo(401);
        assertThat(refusal.challenge()).isEqualTo("Bearer realm=\"switchboard\"");
        assertThat(refusal.reason()).contains("Authorization: Bearer");
        assertThat(ApiKeyCheck.bearer(KEY).check("  ", REMOTE)).contains(ApiKeyCheck.Refusal.MISSING_KEY);
    }

    @Test
    void aWrongKeyOrSchemeIs401() {
        ApiKeyCheck check = ApiKeyCheck.bearer(KEY);

        assertThat(check.check("Bearer " + KEY + "x", REMOTE)).contains(ApiKeyCheck.Refusal.WRONG_KEY);
        assertThat(check.check("Bearer " + KEY.substring(1), REMOTE)).contains(ApiKeyCheck.Refusal.WRONG_KEY);
        assertThat(check.check("Bearer", REMOTE)).contains(ApiKeyCheck.Refusal.NOT_BEARER);
        assertThat(check.check("Basic " + KEY, REMOTE)).contains(ApiKeyCheck.Refusal.NOT_BEARER);
        assertThat(check.check(KEY, REMOTE)).contains(ApiKeyCheck.Refusal.NOT_BEARER);
        assertThat(ApiKeyCheck.Refusal.WRONG_KEY.status().code()).isEqualTo(401);
        assertThat(ApiKeyCheck.Refusal.WRONG_KEY.challenge()).startsWith("Bearer realm=\"switchboard\"");
    }

    @Test
    void keysShorterThan16CharactersAreRefusedWithAHint() {
        assertThatThrownBy(() -> ApiKeyCheck.bearer("short-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key must be at least 16 characters (got 9); generate one with: openssl rand -hex 32");
        assertThat(ApiKeyCheck.validateKey("exactly-16-chars")).hasSize(16);
    }

    @Test
    void keysThatCannotTravelInAHeaderAreRefused() {
        assertThatThrownBy(() -> ApiKeyCheck.validateKey("has a space in it!"))
                .hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> ApiKeyCheck.validateKey("ünïcödé-kéy-lóng-enough"))
                .hasMessageContaining("visible ASCII");
    }

    @Test
    void ofNullMeansLoopbackOnly() {
        assertThat(ApiKeyCheck.of(null).requiresKey()).isFalse();
        assertThat(ApiKeyCheck.of(KEY).requiresKey()).isTrue();
    }
}
