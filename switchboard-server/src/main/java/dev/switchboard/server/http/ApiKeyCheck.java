package dev.switchboard.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may use the publish API.
 *
 * <p>With a key, every request must carry {@code Authorization: Bearer KEY}, loopback clients
 * included. Without one, only clients connecting from a loopback address are served, so a server
 * bound to {@code 0.0.0.0} for its WebSocket clients never exposes an open publish API by
 * accident. (A reverse proxy on the same machine makes every client look local: configure a key
 * there.)
 *
 * <p>Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither the
 * content nor the length of the configured key leaks through response timing.
 */
public final class ApiKeyCheck {
    /** Shortest accepted key: 16 characters, so a key cannot be guessed online. */
    public static final int MIN_KEY_LENGTH = 16;
    /** The {@code realm} of the {@code WWW-Authenticate} challenge. */
    static final String REALM = "switchboard";
    private static final String BEARER = "Bearer";

    private final byte[] keyDigest;

    private ApiKeyCheck(byte[] keyDigest) {
        this.keyDigest = keyDigest;
    }

    /** Requests must present this key (validated as by {@link #validateKey}). */
    public static ApiKeyCheck bearer(String key) {
        return new ApiKeyCheck(sha256(validateKey(key)));
    }

    /** No key: only loopback clients are served. */
    public static ApiKeyCheck loopbackOnly() {
        return new ApiKeyCheck(null);
    }

    /** {@link #bearer} for a key, {@link #loopbackOnly} for null. */
    public static ApiKeyCheck of(String keyOrNull) {
        return keyOrNull == null ? loopbackOnly() : bearer(keyOrNull);
    }

    /**
     * @return the key, when it has at least {@value #MIN_KEY_LENGTH} characters, all visible
     *         ASCII (so it travels unchanged in an {@code Authorization} header)
     * @throws IllegalArgumentException saying what is wrong and how to make a good key
     */
    public static String validateKey(String key) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("API key must be at least " + MIN_KEY_LENGTH + " characters"
                    + (key == null ? "" : " (got " + key.length() + ")")
                    + "; generate one with: openssl rand -hex 32");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("API key may contain only visible ASCII characters"
                        + " (no spaces or control characters); generate one with: openssl rand -hex 32");
            }
        }
        return key;
    }

    /** True when a key is required (false: loopback clients only). */
    public boolean requiresKey() {
        return keyDigest != null;
    }

    /**
     * Decides one request.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param remote        the client's address
     * @return empty when the request may proceed, else why not
     */
    public Optional<Refusal> check(String authorization, SocketAddress remote) {
        if (keyDigest == null) {
            return isLoopback(remote) ? Optional.empty() : Optional.of(Refusal.NOT_LOOPBACK);
        }
        if (authorization == null || authorization.isBlank()) {
            return Optional.of(Refusal.MISSING_KEY);
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase(BEARER)) {
            return Optional.of(Refusal.NOT_BEARER);
        }
        byte[] presented = sha256(value.substring(space + 1).strip());
        return MessageDigest.isEqual(presented, keyDigest) ? Optional.empty() : Optional.of(Refusal.WRONG_KEY);
    }

    /** True for an IP connection from 127.0.0.0/8 or ::1. */
    static boolean isLoopback(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Why a request was refused.
     *
     * @param challenge the {@code WWW-Authenticate} value (RFC 6750) for a 401, else null
     */
    public record Refusal(HttpResponseStatus status, String reason, String challenge) {
        static final Refusal MISSING_KEY = new Refusal(HttpResponseStatus.UNAUTHORIZED,
                "missing API key: send the header Authorization: Bearer <key>",
                BEARER + " realm=\"" + REALM + "\"");
        static final Refusal NOT_BEARER = new Refusal(HttpResponseStatus.UNAUTHORIZED,
                "the Authorization header must use the Bearer scheme: Authorization: Bearer <key>",
                BEARER + " realm=\"" + REALM + "\", error=\"invalid_request\"");
        static final Refusal WRONG_KEY = new Refusal(HttpResponseStatus.UNAUTHORIZED,
                "invalid API key",
                BEARER + " realm=\"" + REALM + "\", error=\"invalid_token\"");
        static final Refusal NOT_LOOPBACK = new Refusal(HttpResponseStatus.FORBIDDEN,
                "this server has no API key, so its publish API answers only clients on the same machine"
                        + " (loopback); start it with --api-key (or SwitchboardServer.Builder.apiKey) and send"
                        + " Authorization: Bearer <key>",
                null);
    }
}
