package dev.switchboard.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed, expiring tokens carrying JSON data — the Java counterpart of {@code Phoenix.Token}:
 * the server hands a token to a client it already trusts (say, in the HTML page after login), the
 * client presents it when it connects, and {@code connect} verifies it without any lookup.
 *
 * <pre>{@code
 * Tokens tokens = Tokens.withSecret(secret);                 // at least 32 bytes, shared by all nodes
 * String pageToken = tokens.sign("user socket", new UserClaims("ann"));  // into the page
 *
 * SocketDefinition.builder("/socket").connect(req -> {
 *     // new Socket("/socket", {authToken: token}) — or {params: {token}} and req.param("token")
 *     String token = req.info().authToken();
 *     try {
 *         UserClaims user = tokens.verify("user socket", token, Duration.ofDays(1), UserClaims.class);
 *         return ConnectResult.accept(Map.of("user", user.name()));
 *     } catch (InvalidTokenException e) {
 *         return ConnectResult.refuse();                     // e.reason() is for the log, not the client
 *     }
 * }, Execution.EVENT_LOOP)                                   // verifying never blocks
 * }</pre>
 *
 * <p><b>Salts.</b> Each salt (a constant naming what the token is for, {@code "user socket"},
 * {@code "session cookie"}) gets its own HMAC key derived from the secret, so a token signed for
 * one salt never verifies for another. Salts are not secret.
 *
 * <p><b>Format.</b> {@link MessageSigner}'s: {@code base64url(signedAtMillis ‖ json) "."
 * base64url(HMAC-SHA256)}. Signed, <em>not encrypted</em>: anyone holding the token can read the
 * data, so put ids in it, never passwords. The maximum age is chosen when verifying (as
 * {@code Phoenix.Token}'s {@code max_age}), not stored in the token.
 *
 * <p><b>Key rotation.</b> {@link #withKeys} signs with the first secret and verifies with all of
 * them: deploy the new secret first in the list with the old one after it, and drop the old one
 * once the longest maximum age has passed. Signatures are compared in constant time.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class Tokens {
    /** Above this many distinct salts, signers are built per call instead of cached (salts should be constants). */
    private static final int MAX_CACHED_SALTS = 64;

    private final List<byte[]> secrets;
    private final Clock clock;
    private final Map<String, MessageSigner> signers = new ConcurrentHashMap<>();

    private Tokens(List<byte[]> secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Tokens signed and verified with one secret of at least {@value MessageSigner#MIN_SECRET_BYTES} bytes. */
    public static Tokens withSecret(byte[] secret) {
        return withKeys(secret);
    }

    /**
     * Tokens signed with {@code current} and verified with {@code current} and every
     * {@code previous} secret (key rotation).
     *
     * @throws IllegalArgumentException if a secret is shorter than {@value MessageSigner#MIN_SECRET_BYTES} bytes
     */
    public static Tokens withKeys(byte[] current, byte[]... previous) {
        List<byte[]> all = new ArrayList<>();
        all.add(current);
        all.addAll(List.of(previous));
        // Validate eagerly so a short secret fails at startup, not at the first connect.
        MessageSigner.Builder check = MessageSigner.builder("check", current);
        for (byte[] p : previous) {
            check.previousSecret(p);
        }
        return new Tokens(all.stream().map(byte[]::clone).toList(), Clock.systemUTC());
    }

    /** The same keys with another clock (tests; the default is the system UTC clock). */
    public Tokens withClock(Clock clock) {
        return new Tokens(secrets, Objects.requireNonNull(clock, "clock"));
    }

    /** The clock that stamps and ages tokens. */
    Clock clock() {
        return clock;
    }

    /**
     * Signs {@code data}, serialised as JSON with {@link Json#MAPPER} (a record, map, string,
     * number or JSON node), stamped with the current time.
     *
     * @throws IllegalArgumentException if {@code data} cannot be written as JSON
     */
    public String sign(String salt, Object data) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("token data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        return signer(salt).sign(json);
    }

    /**
     * Verifies a token and reads its data as {@code type}.
     *
     * @param maxAge tokens signed longer ago than this are refused as {@link InvalidTokenException.Reason#EXPIRED}
     * @throws InvalidTokenException with reason {@code MISSING} for a null or empty token,
     *                               {@code EXPIRED}, or one of the invalid reasons (bad signature,
     *                               wrong salt, malformed, data not readable as {@code type})
     */
    public <T> T verify(String salt, String token, Duration maxAge, Class<T> type) throws InvalidTokenException {
        return verifySigned(salt, token, maxAge, type).data();
    }

    /** As {@link #verify}, also returning when the token was signed (and so when it expires). */
    public <T> Verified<T> verifySigned(String salt, String token, Duration maxAge, Class<T> type)
            throws InvalidTokenException {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(type, "type");
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING, "no token");
        }
        SignedToken signed = signer(salt).verify(token, maxAge);
        try {
            T data = Json.MAPPER.readValue(signed.payload(), type);
            return new Verified<>(data, signed.signedAt(), signed.signedAt().plus(maxAge));
        } catch (IOException e) {
            // Correctly signed for this salt but of another shape: an older data version, or a bug.
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "token data is not a " + type.getSimpleName());
        }
    }

    private MessageSigner signer(String salt) {
        if (salt == null || salt.isBlank()) {
            throw new IllegalArgumentException("a token needs a salt naming its purpose, e.g. \"user socket\"");
        }
        MessageSigner cached = signers.get(salt);
        if (cached != null) {
            return cached;
        }
        // The "tokens/" prefix keeps user salts apart from the server's own purposes ("longpoll").
        MessageSigner.Builder builder = MessageSigner.builder("tokens/" + salt, secrets.get(0)).clock(clock);
        for (byte[] previous : secrets.subList(1, secrets.size())) {
            builder.previousSecret(previous);
        }
        MessageSigner signer = builder.build();
        if (signers.size() < MAX_CACHED_SALTS) {
            signers.putIfAbsent(salt, signer);
        }
        return signer;
    }

    /**
     * A verified token's content.
     *
     * @param data      the signed data
     * @param signedAt  when it was signed (millisecond precision)
     * @param expiresAt {@code signedAt + maxAge} of the verification
     */
    public record Verified<T>(T data, Instant signedAt, Instant expiresAt) {}
}
