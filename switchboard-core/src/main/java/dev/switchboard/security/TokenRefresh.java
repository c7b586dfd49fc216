package dev.switchboard.security;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.protocol.Payload;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Refreshing a live connection's credentials without reconnecting — an application pattern with
 * library support, not a protocol extension: the wire protocol has no such event, and existing
 * clients are unaffected.
 *
 * <p><b>The pattern.</b> {@code connect} verifies the client's token and keeps the result (a
 * {@link Tokens.Verified}, which knows when it expires) in the socket's assigns under
 * {@link #assignKey()}; every channel starts with a copy. Before the token expires, the client
 * pushes a fresh one on a channel it has joined, with an event name the application chooses; the
 * channel hands that push to {@link #handle}, which verifies it and replaces the channel's
 * credentials. Channel callbacks ask {@link #current} for claims that are still valid:
 *
 * <pre>{@code
 * static final TokenRefresh<UserClaims> CREDENTIALS =
 *         new TokenRefresh<>(tokens, "user socket", Duration.ofMinutes(15), UserClaims.class);
 *
 * // connect:  ConnectResult.accept(Map.of(CREDENTIALS.assignKey(), CREDENTIALS.verify(req.info().authToken())))
 * public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
 *     if (event.equals("refresh_token")) return CREDENTIALS.handle(payload, ctx);  // {"token": "..."}
 *     UserClaims user = CREDENTIALS.current(ctx);
 *     if (user == null) return HandleResult.stop("error", Map.of("reason", "expired"));
 *     ...
 * }
 * }</pre>
 * <pre>{@code
 * // phoenix.js: before expiry, fetch a new token from the web app and push it
 * room.push("refresh_token", {token: await fetchToken()}).receive("error", () => socket.disconnect());
 * }</pre>
 *
 * <p><b>Trade-offs.</b> Credentials live per channel (as Phoenix's assigns do): a client with
 * several channels refreshes each it keeps using, or keeps one per-user channel that does the
 * work needing credentials. A failed refresh keeps the previous credentials until they expire, so
 * a client may retry. Nothing is enforced behind the application's back: a channel that never
 * calls {@link #current} keeps working after expiry. The alternative — reconnecting with a new
 * {@code authToken} — needs no server code but rejoins every channel and may lose broadcasts in
 * between; this pattern keeps the connection and its subscriptions.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenRefresh<T> {
    /** The assign key used unless another is given. */
    public static final String DEFAULT_ASSIGN_KEY = "credentials";
    /** The payload field carrying the new token in a refresh push. */
    public static final String TOKEN_FIELD = "token";

    private final Tokens tokens;
    private final String salt;
    private final Duration maxAge;
    private final Class<T> type;
    private final String assignKey;

    /** A refresher assigning under {@value #DEFAULT_ASSIGN_KEY}. */
    public TokenRefresh(Tokens tokens, String salt, Duration maxAge, Class<T> type) {
        this(tokens, salt, maxAge, type, DEFAULT_ASSIGN_KEY);
    }

    public TokenRefresh(Tokens tokens, String salt, Duration maxAge, Class<T> type, String assignKey) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.salt = Objects.requireNonNull(salt, "salt");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.type = Objects.requireNonNull(type, "type");
        this.assignKey = Objects.requireNonNull(assignKey, "assignKey");
    }

    public String assignKey() {
        return assignKey;
    }

    /** Verifies a token (in {@code connect} or {@code join}); store the result under {@link #assignKey()}. */
    public Tokens.Verified<T> verify(String token) throws InvalidTokenException {
        return tokens.verifySigned(salt, token, maxAge, type);
    }

    /**
     * Handles a refresh push whose payload is {@code {"token": "..."}}: on success the channel's
     * credentials are replaced and the reply is {@code ok {"expires_at": epochMillis}}; otherwise
     * the reply is {@code error {"reason": "expired" | "invalid" | "missing"}} and the previous
     * credentials stay.
     */
    public HandleResult handle(Payload payload, ChannelContext ctx) {
        String token = payload.json().path(TOKEN_FIELD).isTextual() ? payload.json().path(TOKEN_FIELD).asText() : null;
        try {
            Tokens.Verified<T> verified = verify(token);
            ctx.assign(assignKey, verified);
            return HandleResult.ok(Map.of("expires_at", verified.expiresAt().toEpochMilli()));
        } catch (InvalidTokenException e) {
            return HandleResult.error(Map.of("reason", e.reason().code()));
        }
    }

    /** The channel's claims, or null when it has none or they have expired. */
    public T current(ChannelContext ctx) {
        if (!(ctx.assigns().get(assignKey) instanceof Tokens.Verified<?> verified)) {
            return null;
        }
        if (tokens.clock().instant().isAfter(verified.expiresAt()) || !type.isInstance(verified.data())) {
            return null;
        }
        return type.cast(verified.data());
    }
}
