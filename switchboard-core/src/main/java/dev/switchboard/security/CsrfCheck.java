package dev.switchboard.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session-plus-CSRF rule of a connect (spec §1.5, §7.2), shared by both transports: the
 * session decoded by a {@link SessionReader} from the request's cookies is handed to the
 * application only when the {@value #PARAM} connect param equals the session's CSRF state
 * (compared in constant time). Otherwise the session is null and a DEBUG log says why; the
 * connection itself is not refused — the application decides, usually by refusing when it needs
 * a session and has none.
 */
public final class CsrfCheck {
    /** The connect param carrying the CSRF token, as Phoenix's. */
    public static final String PARAM = "_csrf_token";
    /** Longer cookie headers are not parsed (a browser sends at most a few KiB). */
    static final int MAX_COOKIE_HEADER_CHARS = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(CsrfCheck.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfCheck() {}

    /** A fresh CSRF token (32 random bytes, base64url) to store in a new session under {@code _csrf_token}. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The session to expose for a connect, or null.
     *
     * @param reader       the socket's session reader; null when the socket reads no session
     * @param cookieHeader the request's {@code Cookie} header(s) joined with {@code "; "}, or null
     * @param params       the connect params
     * @param where        the socket path, for the log
     */
    public static Map<String, Object> session(SessionReader reader, String cookieHeader, Map<String, Object> params,
                                              String where) {
        if (reader == null) {
            return null;
        }
        Map<String, Object> session;
        try {
            session = reader.read(cookies(cookieHeader));
        } catch (RuntimeException e) {
            log.debug("No session on {}: {}", where, e.getMessage());
            return null;
        }
        if (session == null) {
            log.debug("No session on {}: no session cookie", where);
            return null;
        }
        if (!(session.get(reader.csrfKey()) instanceof String expected) || expected.isEmpty()) {
            log.debug("No session on {}: the session holds no CSRF state under \"{}\"", where, reader.csrfKey());
            return null;
        }
        if (!(params.get(PARAM) instanceof String given) || given.isEmpty()) {
            log.debug("No session on {}: connect param {} missing", where, PARAM);
            return null;
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            log.debug("No session on {}: connect param {} does not match the session", where, PARAM);
            return null;
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(session));
    }

    /** Parses {@code a=1; b="2"} into a map; the first of duplicate names wins; malformed pairs are skipped. */
    static Map<String, String> cookies(String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (header == null || header.length() > MAX_COOKIE_HEADER_CHARS) {
            return cookies;
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!name.isEmpty()) {
                cookies.putIfAbsent(name, value);
            }
        }
        return cookies;
    }
}
