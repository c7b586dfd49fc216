package dev.switchboard.server.admin;

import dev.switchboard.server.http.ApiKeyCheck;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who may use the admin API, and how its actions are protected from other sites.
 *
 * <p>Reading: the admin key as a bearer token, or, without one, clients on a loopback address only
 * (as the publish API). A request presenting the publish API's key is refused by name, so that a
 * mix-up is visible instead of looking like a wrong key.
 *
 * <p>Actions (POST) also need the header {@value #CSRF_HEADER} holding this server's token, which
 * {@code GET /api/admin/session} answers. A page of another site cannot read that answer (the API
 * sends no CORS headers) and cannot send the header without a preflight the server never grants,
 * so a browser on the server's machine cannot be made to act for another site even where loopback
 * needs no key. A request whose {@code Origin} is not the server's own host is refused too.
 */
final class AdminAccess {
    static final String CSRF_HEADER = "x-switchboard-csrf";

    private final ApiKeyCheck key;
    private final byte[] publishKey;
    private final String csrfToken;

    /**
     * @param adminKey   null: loopback clients only
     * @param publishKey the publish API's key, refused here; null when there is none
     */
    AdminAccess(String adminKey, String publishKey) {
        if (adminKey != null && adminKey.equals(publishKey)) {
            throw new IllegalArgumentException("the admin key must differ from the publish API key (--api-key):"
                    + " whoever may publish must not also disconnect clients and drain nodes");
        }
        this.key = ApiKeyCheck.of(adminKey);
        this.publishKey = publishKey == null ? null : publishKey.getBytes(StandardCharsets.UTF_8);
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        this.csrfToken = HexFormat.of().formatHex(token);
    }

    /** The token actions must carry in {@value #CSRF_HEADER}. */
    String csrfToken() {
        return csrfToken;
    }

    /** True when the admin key is required. */
    boolean requiresKey() {
        return key.requiresKey();
    }

    /** Decides whether a request may read; empty when it may. */
    Optional<Refusal> checkRead(FullHttpRequest request, SocketAddress remote) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (presentsPublishKey(authorization)) {
            return Optional.of(new Refusal(HttpResponseStatus.UNAUTHORIZED,
                    "the publish API key does not open the admin API: send the admin key (--admin-key)",
                    "Bearer realm=\"switchboard-admin\", error=\"invalid_token\""));
        }
        Optional<ApiKeyCheck.Refusal> refusal = key.check(authorization, remote);
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        ApiKeyCheck.Refusal r = refusal.get();
        if (r.status().equals(HttpResponseStatus.FORBIDDEN)) {
            return Optional.of(new Refusal(r.status(), "this server has no admin key, so its admin API answers only"
                    + " clients on the same machine (loopback); start it with --admin-key (or"
                    + " SwitchboardServer.Builder.adminKey) and send Authorization: Bearer <key>", null));
        }
        String reason = r.reason().replace("API key", "admin key");
        return Optional.of(new Refusal(r.status(), reason,
                r.challenge() == null ? null : r.challenge().replace("realm=\"switchboard\"", "realm=\"switchboard-admin\"")));
    }

    /** Decides whether a request may act (after {@link #checkRead}); empty when it may. */
    Optional<Refusal> checkAction(FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (origin != null && (host == null || !sameHost(origin, host))) {
            return Optional.of(new Refusal(HttpResponseStatus.FORBIDDEN,
                    "admin actions are accepted only from pages of this server (Origin " + origin + ")", null));
        }
        String token = request.headers().get(CSRF_HEADER);
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                csrfToken.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Refusal(HttpResponseStatus.FORBIDDEN, (token == null ? "missing" : "wrong")
                    + " header " + CSRF_HEADER + ": send the csrf token from GET " + AdminApi.PREFIX + "session", null));
        }
        return Optional.empty();
    }

    /**
     * Decides whether a connection to the live socket may open: the admin key as its
     * {@code authToken} (or a loopback peer without a key), and the csrf token as a connect param,
     * which only a page of this server can have read.
     */
    boolean allowsLive(String authToken, SocketAddress peer, String csrf) {
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                csrfToken.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        String authorization = authToken == null ? null : "Bearer " + authToken;
        return !presentsPublishKey(authorization) && key.check(authorization, peer).isEmpty();
    }

    /** How an action's log line names who did it: the key or the machine, and the address. */
    String who(SocketAddress remote) {
        return (key.requiresKey() ? "admin key holder" : "loopback client") + " at " + remote;
    }

    private boolean presentsPublishKey(String authorization) {
        if (publishKey == null || authorization == null) {
            return false;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        return space > 0 && MessageDigest.isEqual(value.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8),
                publishKey);
    }

    /** {@code http://host:port} or {@code https://host:port} whose authority is the {@code Host} header. */
    private static boolean sameHost(String origin, String host) {
        int scheme = origin.indexOf("://");
        return scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    /**
     * Why a request was refused.
     *
     * @param challenge the {@code WWW-Authenticate} value for a 401, else null
     */
    record Refusal(HttpResponseStatus status, String reason, String challenge) {}
}
