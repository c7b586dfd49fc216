package dev.switchboard.testsupport.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP request that opens a WebSocket (RFC 6455 §4.1), valid by default and breakable on
 * purpose: any method, no key or version, extra headers.
 *
 * <pre>{@code
 * Handshake.to("/socket/websocket?vsn=2.0.0")
 *         .header("Cookie", "k=v")
 *         .subprotocols("phoenix", Handshake.authTokenProtocol(token))
 *         .bytes();
 * }</pre>
 */
public final class Handshake {
    /** The key from RFC 6455 §1.3; its accept value is {@link #SAMPLE_ACCEPT}. */
    public static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    public static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final String target;
    private String method = "GET";
    private String host;
    private String key = SAMPLE_KEY;
    private String version = "13";
    private final List<String[]> headers = new ArrayList<>();

    private Handshake(String target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A valid upgrade request for {@code target} (path and query, e.g. {@code /socket/websocket?vsn=2.0.0}). */
    public static Handshake to(String target) {
        return new Handshake(target);
    }

    /** Default {@code GET}, the only method an upgrade may use. */
    public Handshake method(String method) {
        this.method = Objects.requireNonNull(method, "method");
        return this;
    }

    /**
     * The Host header. Default: {@code 127.0.0.1:PORT} when {@link WebSocketClient} sends it (what a
     * browser sends; an origin check compares against it), else {@code 127.0.0.1}.
     */
    public Handshake host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** Sets the Host header unless {@link #host(String)} already did. */
    public Handshake defaultHost(String host) {
        if (this.host == null) {
            this.host = Objects.requireNonNull(host, "host");
        }
        return this;
    }

    /** Sec-WebSocket-Key; default {@link #SAMPLE_KEY}; null leaves the header out. */
    public Handshake key(String key) {
        this.key = key;
        return this;
    }

    /** Sec-WebSocket-Version; default {@code 13}; null leaves the header out. */
    public Handshake version(String version) {
        this.version = version;
        return this;
    }

    /** One more header line, after the standard ones (repeatable, kept in order). */
    public Handshake header(String name, String value) {
        headers.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")});
        return this;
    }

    /** Every entry of {@code extra} as a header. */
    public Handshake headers(Map<String, String> extra) {
        extra.forEach(this::header);
        return this;
    }

    /** Sec-WebSocket-Protocol with these entries, comma-separated as browsers send them. */
    public Handshake subprotocols(String... protocols) {
        return header("Sec-WebSocket-Protocol", String.join(", ", protocols));
    }

    /** The Origin header a browser sends. */
    public Handshake origin(String origin) {
        return header("Origin", origin);
    }

    /**
     * The subprotocol entry phoenix.js uses to carry its {@code authToken}:
     * {@code base64url.bearer.phx.} and the token in base64 without padding.
     */
    public static String authTokenProtocol(String token) {
        return "base64url.bearer.phx." + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)).replace("=", "");
    }

    /** The Sec-WebSocket-Accept a server must answer {@code key} with. */
    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /** The key this request sends, or null. */
    public String key() {
        return key;
    }

    /** The request as text. */
    public String text() {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host != null ? host : "127.0.0.1").append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
        if (key != null) {
            sb.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        }
        if (version != null) {
            sb.append("Sec-WebSocket-Version: ").append(version).append("\r\n");
        }
        for (String[] header : headers) {
            sb.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** The request as bytes (ISO-8859-1). */
    public byte[] bytes() {
        return text().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return text();
    }
}
