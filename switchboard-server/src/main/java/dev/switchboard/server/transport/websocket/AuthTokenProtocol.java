package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the {@code Sec-WebSocket-Protocol} offer of phoenix.js's {@code authToken} option:
 * {@code phoenix, base64url.bearer.phx.<token>}. Despite the prefix the token is standard
 * base64 with padding removed; the URL-safe alphabet is accepted too.
 *
 * @param token   the decoded token, or null when none was offered
 * @param offered the remaining offered subprotocols, token entry removed
 */
record AuthTokenProtocol(String token, List<String> offered) {

    /** The offer could not be understood; answered with HTTP 400 and this message. */
    static final class InvalidOffer extends Exception {
        InvalidOffer(String message) {
            super(message, null, false, false);
        }
    }

    static AuthTokenProtocol parse(List<String> headerValues, boolean tokenEnabled) throws InvalidOffer {
        List<String> offered = new ArrayList<>(2);
        String encoded = null;
        for (String header : headerValues) {
            for (String entry : header.split(",")) {
                String p = entry.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (tokenEnabled && p.startsWith(Protocol.AUTH_TOKEN_PREFIX)) {
                    if (encoded != null) {
                        throw new InvalidOffer("more than one auth token subprotocol offered");
                    }
                    encoded = p.substring(Protocol.AUTH_TOKEN_PREFIX.length());
                } else {
                    offered.add(p);
                }
            }
        }
        return new AuthTokenProtocol(encoded == null ? null : decode(encoded), offered);
    }

    private static String decode(String encoded) throws InvalidOffer {
        String standard = encoded.replace('-', '+').replace('_', '/');
        try {
            return new String(Base64.getDecoder().decode(pad(standard)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidOffer("auth token subprotocol is not valid base64");
        }
    }

    private static String pad(String s) {
        int rest = s.length() % 4;
        return rest == 0 ? s : s + "=".repeat(4 - rest);
    }
}
