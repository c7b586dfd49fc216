package dev.switchboard.security;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the application's session from the cookies of a connecting client, for sockets that
 * authenticate with the same login cookie as the web pages (opt-in with
 * {@code SocketDefinition.builder(path).session(reader)}).
 *
 * <p>Cookies alone prove nothing on a WebSocket: browsers attach them to cross-site connections
 * too (cross-site WebSocket hijacking). So the session reaches the application, as
 * {@code ConnectInfo.session()}, only when the client also sends the session's CSRF token as the
 * {@code _csrf_token} connect param — which only a page of the application's own origin can read
 * (see {@link CsrfCheck}). The raw cookies never reach the application.
 *
 * <p>Runs on the connection's event loop for every connect: it must not block (verifying a
 * signed cookie takes microseconds; a session store lookup belongs in {@code connect}).
 */
@FunctionalInterface
public interface SessionReader {

    /** The session key holding the CSRF state, as Phoenix's default. */
    String DEFAULT_CSRF_KEY = "_csrf_token";

    /**
     * The session carried by {@code cookies}, or null when there is none. When a cookie is there
     * but does not verify, return null or throw an unchecked exception whose message says why
     * (it is logged at DEBUG; the session is then null).
     *
     * @param cookies the request's cookies, name to value (the first of duplicate names)
     */
    Map<String, Object> read(Map<String, String> cookies);

    /** The session key whose value the {@code _csrf_token} param must equal (default {@value #DEFAULT_CSRF_KEY}). */
    default String csrfKey() {
        return DEFAULT_CSRF_KEY;
    }

    /**
     * Reads a session cookie whose value is a {@link Tokens} token signed with {@code salt} over a
     * JSON object, e.g. written at login as
     * {@code tokens.sign("session", Map.of("user_id", 7, "_csrf_token", CsrfCheck.newToken()))}.
     *
     * @param maxAge sessions signed longer ago are ignored
     */
    static SessionReader signedCookie(String cookieName, Tokens tokens, String salt, Duration maxAge) {
        Objects.requireNonNull(cookieName, "cookieName");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(maxAge, "maxAge");
        return cookies -> {
            String value = cookies.get(cookieName);
            if (value == null) {
                return null;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> session = tokens.verify(salt, value, maxAge, Map.class);
                return session;
            } catch (InvalidTokenException e) {
                throw new IllegalArgumentException("session cookie " + cookieName + " refused: "
                        + e.reason() + " (" + e.getMessage() + ")");
            }
        };
    }
}
