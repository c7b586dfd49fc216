package dev.switchboard.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs payloads into compact, URL-safe tokens and verifies them: HMAC-SHA256, a maximum age,
 * and several verification keys so a secret can be rotated without invalidating every token at
 * once.
 *
 * <pre>{@code
 * MessageSigner signer = MessageSigner.builder("user-session", secret).maxAge(Duration.ofDays(1)).build();
 * String token = signer.sign(userId.getBytes(UTF_8));
 * byte[] back = signer.verify(token).payload();      // throws InvalidTokenException
 * }</pre>
 *
 * <p><b>Format</b> (signed, not encrypted — do not put secrets in the payload):
 * {@code base64url(signedAtMillis ‖ payload) "." base64url(HMAC-SHA256(key, first part))}, both
 * parts without padding; {@code signedAtMillis} is 8 bytes big-endian. The MAC covers the encoded
 * first part exactly as transmitted, so a token is checked before any of it is decoded, and the
 * signature part is compared as text in constant time, so no second spelling of a valid token
 * verifies.
 *
 * <p><b>Keys.</b> The HMAC key is derived from the secret and the <em>purpose</em>
 * ({@code HMAC-SHA256(secret, "switchboard.signer/" + purpose)}), so one server secret can sign
 * long-poll session tokens and, say, user tokens without one kind ever verifying as the other.
 * The first secret signs; every secret (current and previous ones) verifies.
 *
 * <p>Thread-safe.
 */
public final class MessageSigner {
    /** Shortest secret accepted: 256 bits, the HMAC-SHA256 block security level. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Default maximum age, as {@code Phoenix.Token}'s. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(1);
    /** Tokens signed up to this far in the future still verify: clocks of cluster nodes drift. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** Longer tokens are refused unread, so a hostile client cannot make the server MAC megabytes. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final int TIMESTAMP_BYTES = Long.BYTES;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String purpose;
    /** Derived keys; index 0 signs. */
    private final List<SecretKeySpec> keys;
    private final Duration maxAge;
    private final Clock clock;
    /** Mac objects are stateful and not thread-safe: one set per thread, one Mac per key. */
    private final ThreadLocal<Mac[]> macs;

    private MessageSigner(Builder b) {
        this.purpose = b.purpose;
        List<SecretKeySpec> derived = new ArrayList<>();
        for (byte[] secret : b.secrets) {
            derived.add(new SecretKeySpec(derive(secret, purpose), ALGORITHM));
        }
        this.keys = List.copyOf(derived);
        this.maxAge = b.maxAge;
        this.clock = b.clock;
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    /**
     * A builder for a signer.
     *
     * @param purpose what the tokens are for (e.g. {@code "longpoll"}); tokens of one purpose never verify for another
     * @param secret  the signing secret, at least {@value #MIN_SECRET_BYTES} bytes (see {@link #randomSecret()})
     */
    public static Builder builder(String purpose, byte[] secret) {
        return new Builder(purpose, secret);
    }

    /** {@value #MIN_SECRET_BYTES} random bytes from a {@link SecureRandom}, for a secret that lives as long as the process. */
    public static byte[] randomSecret() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public String purpose() {
        return purpose;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** Signs {@code payload} with the current key, stamped with the clock's current time. */
    public String sign(byte[] payload) {
        return sign(payload, clock.instant());
    }

    /** Signs {@code payload} as if at {@code signedAt} (tests, or re-issuing with an original time). */
    public String sign(byte[] payload, Instant signedAt) {
        Objects.requireNonNull(payload, "payload");
        byte[] body = ByteBuffer.allocate(TIMESTAMP_BYTES + payload.length)
                .putLong(signedAt.toEpochMilli())
                .put(payload)
                .array();
        String first = ENCODER.encodeToString(body);
        byte[] mac = macs.get()[0].doFinal(first.getBytes(StandardCharsets.US_ASCII));
        return first + '.' + ENCODER.encodeToString(mac);
    }

    /** Verifies a token with this signer's maximum age. */
    public SignedToken verify(String token) throws InvalidTokenException {
        return verify(token, maxAge);
    }

    /**
     * Verifies a token: format, signature (against every key, in constant time), then age.
     *
     * @param maxAge overrides the signer's maximum age for this check
     * @throws InvalidTokenException naming the first check that failed
     */
    public SignedToken verify(String token, Duration maxAge) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1 || !isBase64UrlExcept(token, dot)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "not of the form payload.signature in base64url");
        }
        byte[] first = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!signatureMatches(first, signature)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_SIGNATURE, "signature does not match");
        }
        byte[] body;
        try {
            body = DECODER.decode(first);
        } catch (IllegalArgumentException e) {
            // Only reachable with a correctly signed but badly encoded token, i.e. not one of ours.
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "payload is not base64url");
        }
        if (body.length < TIMESTAMP_BYTES) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "payload too short for a timestamp");
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        Instant signedAt = Instant.ofEpochMilli(buffer.getLong());
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidTokenException(InvalidTokenException.Reason.NOT_YET_VALID, "signed in the future: " + signedAt);
        }
        if (Duration.between(signedAt, now).compareTo(maxAge) > 0) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED,
                    "signed at " + signedAt + ", older than " + maxAge);
        }
        byte[] payload = new byte[body.length - TIMESTAMP_BYTES];
        buffer.get(payload);
        return new SignedToken(payload, signedAt);
    }

    /** Only {@code [A-Za-z0-9_-]} besides the dot: what is MACed is then exactly what was sent. */
    private static boolean isBase64UrlExcept(String token, int dot) {
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok && i != dot) {
                return false;
            }
        }
        return true;
    }

    /** Compares against every key without stopping at the first match, so timing does not reveal which key matched. */
    private boolean signatureMatches(byte[] first, byte[] signature) {
        boolean matched = false;
        for (Mac mac : macs.get()) {
            byte[] expected = ENCODER.encode(mac.doFinal(first));
            matched |= MessageDigest.isEqual(expected, signature);
        }
        return matched;
    }

    private Mac[] newMacs() {
        Mac[] result = new Mac[keys.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = mac(keys.get(i));
        }
        return result;
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static byte[] derive(byte[] secret, String purpose) {
        Mac mac = mac(new SecretKeySpec(secret, ALGORITHM));
        byte[] key = mac.doFinal(("switchboard.signer/" + purpose).getBytes(StandardCharsets.UTF_8));
        assert key.length == MAC_BYTES;
        return key;
    }

    /** Settings of a {@link MessageSigner}; only purpose and secret are required. */
    public static final class Builder {
        private final String purpose;
        private final List<byte[]> secrets = new ArrayList<>();
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Clock clock = Clock.systemUTC();

        private Builder(String purpose, byte[] secret) {
            if (purpose == null || purpose.isBlank()) {
                throw new IllegalArgumentException("a signer needs a purpose, e.g. \"longpoll\"");
            }
            this.purpose = purpose;
            secrets.add(checkSecret(secret));
        }

        /**
         * Adds a secret that still verifies but no longer signs (key rotation: sign with the new
         * secret, keep the old one here until its tokens have expired). May be called repeatedly.
         */
        public Builder previousSecret(byte[] secret) {
            secrets.add(checkSecret(secret));
            return this;
        }

        /** Tokens older than this are refused (default {@link #DEFAULT_MAX_AGE}, one day). */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive");
            }
            this.maxAge = maxAge;
            return this;
        }

        /** The clock that stamps and ages tokens (default: system UTC; tests use a fixed clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MessageSigner build() {
            return new MessageSigner(this);
        }

        private static byte[] checkSecret(byte[] secret) {
            if (secret == null || secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("a signing secret must have at least " + MIN_SECRET_BYTES
                        + " bytes (got " + (secret == null ? "none" : secret.length) + "); MessageSigner.randomSecret() makes one");
            }
            return secret.clone();
        }
    }
}
