package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSignerTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);

    private MessageSigner signer(byte[] secret) {
        return MessageSigner.builder("test", secret).clock(clock).maxAge(Duration.ofHours(1)).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signedPayloadVerifiesWithItsTime() throws Exception {
        MessageSigner signer = signer(SECRET);
        String token = signer.sign(utf8("user:42"));
        SignedToken verified = signer.verify(token);
        assertThat(verified.payload()).isEqualTo(utf8("user:42"));
        assertThat(verified.signedAt()).isEqualTo(NOW);
    }

    @Test
    void tokenIsUrlSafeWithoutPaddingAndHasTwoParts() {
        String token = signer(SECRET).sign(new byte[] {(byte) 0xfb, (byte) 0xff, 0x3e, 0x3f, 0});
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void emptyPayloadIsFine() throws Exception {
        MessageSigner signer = signer(SECRET);
        assertThat(signer.verify(signer.sign(new byte[0])).payload()).isEmpty();
    }

    @Test
    void sameInputSameToken() {
        MessageSigner signer = signer(SECRET);
        assertThat(signer.sign(utf8("x"))).isEqualTo(signer.sign(utf8("x")));
    }

    @Test
    void everyFlippedCharacterIsRefused() {
        MessageSigner signer = signer(SECRET);
        String token = signer.sign(utf8("payload under test"));
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            String tampered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThatThrownBy(() -> signer.verify(tampered)).as("flipped character %d", i)
                    .isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void payloadSwappedFromAnotherTokenIsRefused() throws Exception {
        MessageSigner signer = signer(SECRET);
        String a = signer.sign(utf8("user:1"));
        String b = signer.sign(utf8("user:2"));
        String mixed = b.substring(0, b.indexOf('.')) + a.substring(a.indexOf('.'));
        assertReason(signer, mixed, InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void otherSecretIsRefused() {
        String token = signer(OTHER_SECRET).sign(utf8("x"));
        assertReason(signer(SECRET), token, InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void otherPurposeWithTheSameSecretIsRefused() {
        String token = MessageSigner.builder("longpoll", SECRET).clock(clock).build().sign(utf8("x"));
        assertReason(MessageSigner.builder("user", SECRET).clock(clock).build(), token,
                InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void rotationPreviousSecretStillVerifiesNewOneSigns() throws Exception {
        String old = signer(OTHER_SECRET).sign(utf8("old"));
        MessageSigner rotated = MessageSigner.builder("test", SECRET).previousSecret(OTHER_SECRET).clock(clock).build();
        assertThat(rotated.verify(old).payload()).isEqualTo(utf8("old"));
        String fresh = rotated.sign(utf8("new"));
        assertThat(signer(SECRET).verify(fresh).payload()).as("signed with the first secret").isEqualTo(utf8("new"));
        assertReason(signer(OTHER_SECRET), fresh, InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void expiresAfterMaxAge() throws Exception {
        MessageSigner signer = signer(SECRET);
        String token = signer.sign(utf8("x"));
        clock.set(NOW.plus(Duration.ofHours(1)));
        assertThat(signer.verify(token).payload()).as("exactly max age is still valid").isEqualTo(utf8("x"));
        clock.set(NOW.plus(Duration.ofHours(1)).plusMillis(1));
        assertReason(signer, token, InvalidTokenException.Reason.EXPIRED);
    }

    @Test
    void maxAgeCanBeOverriddenPerCheck() throws Exception {
        MessageSigner signer = signer(SECRET);
        String token = signer.sign(utf8("x"));
        clock.set(NOW.plus(Duration.ofMinutes(2)));
        assertThat(signer.verify(token).payload()).isEqualTo(utf8("x"));
        assertThatThrownBy(() -> signer.verify(token, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
    }

    @Test
    void futureTokensAreRefusedBeyondTheClockSkew() throws Exception {
        MessageSigner signer = signer(SECRET);
        String nearFuture = signer.sign(utf8("x"), NOW.plus(MessageSigner.CLOCK_SKEW));
        assertThat(signer.verify(nearFuture).payload()).isEqualTo(utf8("x"));
        String farFuture = signer.sign(utf8("x"), NOW.plus(MessageSigner.CLOCK_SKEW).plusSeconds(1));
        assertReason(signer, farFuture, InvalidTokenException.Reason.NOT_YET_VALID);
    }

    @Test
    void malformedTokensAreRefusedAsMalformed() {
        MessageSigner signer = signer(SECRET);
        String valid = signer.sign(utf8("x"));
        for (String bad : Arrays.asList(null, "", "nodot", ".", "a.", ".b", "a.b.c", valid + ".x", valid + "=",
                "!!!.@@@", "abc.d+f", "ab/c.def", "abc.dé", "x".repeat(MessageSigner.MAX_TOKEN_CHARS + 1))) {
            assertReason(signer, bad, InvalidTokenException.Reason.MALFORMED);
        }
    }

    @Test
    void wellFormedGarbageIsABadSignature() {
        assertReason(signer(SECRET), "abc.def", InvalidTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void correctlySignedButTooShortPayloadIsMalformed() throws Exception {
        // Hand-made: a first part of 4 bytes (no room for the 8-byte timestamp), correctly MACed.
        MessageSigner signer = signer(SECRET);
        String first = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[4]);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
        derive.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        mac.init(new javax.crypto.spec.SecretKeySpec(derive.doFinal(utf8("switchboard.signer/test")), "HmacSHA256"));
        String token = first + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(utf8(first)));
        assertReason(signer, token, InvalidTokenException.Reason.MALFORMED);
    }

    @Test
    void shortSecretsAndBlankPurposesAreRejectedAtConfiguration() {
        assertThatThrownBy(() -> MessageSigner.builder("test", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> MessageSigner.builder("test", SECRET).previousSecret(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSigner.builder(" ", SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSigner.builder("test", SECRET).maxAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretIsCopiedSoLaterChangesDoNotMatter() throws Exception {
        byte[] secret = SECRET.clone();
        MessageSigner signer = signer(secret);
        String token = signer.sign(utf8("x"));
        Arrays.fill(secret, (byte) 0);
        assertThat(signer.verify(token).payload()).isEqualTo(utf8("x"));
    }

    @Test
    void randomSecretsAreLongEnoughAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            byte[] secret = MessageSigner.randomSecret();
            assertThat(secret).hasSize(MessageSigner.MIN_SECRET_BYTES);
            seen.add(Arrays.toString(secret));
        }
        assertThat(seen).hasSize(10);
    }

    @Test
    void safeToShareBetweenThreads() throws Exception {
        MessageSigner signer = MessageSigner.builder("test", SECRET).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] payload = utf8(thread + ":" + i);
                        if (!Arrays.equals(signer.verify(signer.sign(payload)).payload(), payload)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertReason(MessageSigner signer, String token, InvalidTokenException.Reason reason) {
        assertThatThrownBy(() -> signer.verify(token)).as("token %s", token)
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** A clock a test can move. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
