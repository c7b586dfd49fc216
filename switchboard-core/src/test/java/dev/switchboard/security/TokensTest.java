package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokensTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NEW_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    record UserClaims(String user, int level) {}

    private static Tokens at(Tokens tokens, Instant when) {
        return tokens.withClock(Clock.fixed(when, ZoneOffset.UTC));
    }

    private static InvalidTokenException.Reason refusal(Tokens tokens, String salt, String token) {
        try {
            tokens.verify(salt, token, DAY, UserClaims.class);
        } catch (InvalidTokenException e) {
            return e.reason();
        }
        throw new AssertionError("token verified: " + token);
    }

    @Test
    void aSignedRecordVerifiesBackAsTheSameRecord() throws Exception {
        Tokens tokens = at(Tokens.withSecret(SECRET), NOW);
        String token = tokens.sign("user socket", new UserClaims("ann", 3));

        assertThat(tokens.verify("user socket", token, DAY, UserClaims.class)).isEqualTo(new UserClaims("ann", 3));
        assertThat(tokens.verify("user socket", token, DAY, JsonNode.class).path("user").asText()).isEqualTo("ann");
        Tokens.Verified<UserClaims> verified = tokens.verifySigned("user socket", token, DAY, UserClaims.class);
        assertThat(verified.signedAt()).isEqualTo(NOW);
        assertThat(verified.expiresAt()).isEqualTo(NOW.plus(DAY));
    }

    @Test
    void anyAlteredCharacterMakesTheTokenInvalid() {
        Tokens tokens = at(Tokens.withSecret(SECRET), NOW);
        String token = tokens.sign("user socket", new UserClaims("ann", 3));
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            String tampered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            InvalidTokenException.Reason reason = refusal(tokens, "user socket", tampered);
            assertThat(reason.code()).as("altered at %d", i).isEqualTo("invalid");
        }
    }

    @Test
    void aTokenForOneSaltIsInvalidForAnother() {
        Tokens tokens = at(Tokens.withSecret(SECRET), NOW);
        String token = tokens.sign("user socket", new UserClaims("ann", 3));

        assertThat(refusal(tokens, "admin socket", token)).isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void aTokenOlderThanTheMaxAgeIsExpired() throws Exception {
        String token = at(Tokens.withSecret(SECRET), NOW).sign("user socket", new UserClaims("ann", 3));

        Tokens justInTime = at(Tokens.withSecret(SECRET), NOW.plus(DAY));
        assertThat(justInTime.verify("user socket", token, DAY, UserClaims.class).user()).isEqualTo("ann");
        Tokens tooLate = at(Tokens.withSecret(SECRET), NOW.plus(DAY).plusMillis(1));
        InvalidTokenException.Reason reason = refusal(tooLate, "user socket", token);
        assertThat(reason).isEqualTo(InvalidTokenException.Reason.EXPIRED);
        assertThat(reason.code()).isEqualTo("expired");
    }

    @Test
    void noTokenIsMissingNotInvalid() {
        Tokens tokens = Tokens.withSecret(SECRET);
        assertThat(refusal(tokens, "user socket", null)).isEqualTo(InvalidTokenException.Reason.MISSING);
        assertThat(refusal(tokens, "user socket", "")).isEqualTo(InvalidTokenException.Reason.MISSING);
        assertThat(InvalidTokenException.Reason.MISSING.code()).isEqualTo("missing");
    }

    @Test
    void aCorrectlySignedTokenOfAnotherShapeIsInvalid() {
        Tokens tokens = at(Tokens.withSecret(SECRET), NOW);
        String token = tokens.sign("user socket", "just a string");

        assertThat(refusal(tokens, "user socket", token).code()).isEqualTo("invalid");
    }

    @Test
    void anOldKeyVerifiesWhileItIsAmongTheVerificationKeysAndNotAfter() throws Exception {
        String oldToken = at(Tokens.withSecret(SECRET), NOW).sign("user socket", new UserClaims("ann", 3));

        Tokens rotating = at(Tokens.withKeys(NEW_SECRET, SECRET), NOW);
        assertThat(rotating.verify("user socket", oldToken, DAY, UserClaims.class).user()).isEqualTo("ann");
        String newToken = rotating.sign("user socket", new UserClaims("bob", 1));
        assertThat(refusal(at(Tokens.withSecret(SECRET), NOW), "user socket", newToken))
                .as("new tokens are signed with the new key").isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);

        Tokens rotated = at(Tokens.withSecret(NEW_SECRET), NOW);
        assertThat(rotated.verify("user socket", newToken, DAY, UserClaims.class).user()).isEqualTo("bob");
        assertThat(refusal(rotated, "user socket", oldToken)).isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void shortSecretsAndBlankSaltsAreRefusedAtOnce() {
        assertThatThrownBy(() -> Tokens.withSecret(new byte[16])).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> Tokens.withKeys(SECRET, new byte[8])).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> Tokens.withSecret(SECRET).sign(" ", Map.of())).hasMessageContaining("salt");
    }

    /**
     * What the comparison must do, whatever its timing (which no unit test can pin down reliably):
     * compare the whole signature, under every verification key. A comparison that stops at the
     * shorter length would accept a cut signature; one that tries only the current key would
     * refuse the token signed under the previous one.
     */
    @Test
    void onlyTheWholeSignatureVerifiesUnderEveryKey() throws Exception {
        Tokens rotating = at(Tokens.withKeys(NEW_SECRET, SECRET), NOW);
        String underOldKey = at(Tokens.withSecret(SECRET), NOW).sign("user socket", new UserClaims("ann", 3));
        String underNewKey = rotating.sign("user socket", new UserClaims("bob", 1));
        for (String token : new String[] {underOldKey, underNewKey}) {
            assertThat(rotating.verify("user socket", token, DAY, UserClaims.class)).isNotNull();
            int dot = token.indexOf('.');
            for (int end = token.length() - 1; end > dot + 1; end--) {
                assertThat(refusal(rotating, "user socket", token.substring(0, end)))
                        .as("signature cut to %d characters", end - dot - 1)
                        .isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);
            }
            assertThat(refusal(rotating, "user socket", token + "A")).as("signature with one character more")
                    .isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE);
        }
    }
}
