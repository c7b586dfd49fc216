package dev.switchboard.server.hostile;

import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/**
 * Hostile inputs after which the server ends the connection: each case opens a fresh raw TCP
 * connection, sends one attack, and reads the single answer (HTTP status, close code or EOF).
 */
final class ClosingCases {
    private static final String[] METHODS = {"POST", "PUT", "DELETE", "PATCH", "HEAD", "TRACE", "CONNECT", "PROPFIND"};
    private static final String V2 = "vsn=2.0.0";

    /**
     * A long-poll session lives 1.5 × window (15 s) without a GET; a POST to a dead one is answered
     * {@code {"status":410}} before its body is read, so the target session is renewed well before.
     */
    private static final long TOKEN_REFRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final int port;
    private String lpToken;
    private long lpTokenAt;

    ClosingCases(int port) {
        this.port = port;
    }

    private String liveToken() throws IOException {
        if (lpToken == null || System.nanoTime() - lpTokenAt > TOKEN_REFRESH_NANOS) {
            lpToken = new LongPollClient("http://127.0.0.1:" + port + "/socket/longpoll", "vsn=2.0.0").open().token();
            lpTokenAt = System.nanoTime();
        }
        return lpToken;
    }

    /** Runs one case of {@code c}; returns [answer, input description]. */
    String[] run(CaseClass c, Random rnd) throws IOException {
        return switch (c.layer) {
            case "http" -> http(c, rnd);
            case "frame", "message" -> webSocket(c, rnd);
            case "longpoll" -> longPoll(c, rnd);
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    private String[] http(CaseClass c, Random rnd) throws IOException {
        byte[] request = switch (c) {
            case HTTP_GARBAGE_REQUEST_LINE -> garbageRequest(rnd);
            case HTTP_HUGE_HEADER -> ("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + Junk.ascii(rnd, 9 * 1024 + rnd.nextInt(31 * 1024)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            case HTTP_HUGE_URI -> ("GET /socket/websocket?vsn=2.0.0&x=" + Junk.ascii(rnd, 5 * 1024 + rnd.nextInt(35 * 1024))
                    + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            case HTTP_BAD_METHOD -> upgrade().method(Junk.token(rnd, 1 + rnd.nextInt(12)).toUpperCase(java.util.Locale.ROOT)
                    .replace("GET", "GOT")).bytes();
            case HTTP_NON_GET_UPGRADE -> upgrade().method(METHODS[rnd.nextInt(METHODS.length)]).bytes();
            case HTTP_TRUNCATED -> {
                byte[] full = upgrade().bytes();
                yield java.util.Arrays.copyOf(full, 1 + rnd.nextInt(full.length - 4));
            }
            case WS_MISSING_KEY -> upgrade().key(null).bytes();
            case WS_BAD_VERSION -> upgrade().version(new String[] {"0", "1", "9", "12", "14", "99", "abc", "-13", "13.0"}[rnd.nextInt(9)])
                    .bytes();
            case WS_NO_UPGRADE_HEADER -> ("GET /socket/websocket?" + V2 + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Sec-WebSocket-Key: " + Handshake.SAMPLE_KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            case WS_BAD_VSN -> Handshake.to("/socket/websocket?vsn="
                    + new String[] {"3.0.0", "0.1", "2", "2.1.0", "x", "", "1.1.0", "%00"}[rnd.nextInt(8)]).bytes();
            case WS_BAD_SUBPROTOCOL -> upgrade().subprotocols(Junk.token(rnd, 1 + rnd.nextInt(10)).replace("phoenix", "x")).bytes();
            case WS_FOREIGN_ORIGIN -> upgrade().origin("http://" + Junk.token(rnd, 3 + rnd.nextInt(10)) + ".evil.example").bytes();
            case HTTP_UNKNOWN_PATH -> ("GET /zz" + Junk.token(rnd, 1 + rnd.nextInt(30)) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            default -> throw new IllegalArgumentException(c.toString());
        };
        try (RawConnection conn = Connections.open(port)) {
            conn.tryWrite(request);
            if (c == CaseClass.HTTP_TRUNCATED) {
                conn.shutdownOutput();
            }
            return new String[] {Answer.httpStatus(conn), Junk.describe(request)};
        }
    }

    private static byte[] garbageRequest(Random rnd) {
        byte[] junk = new byte[1 + rnd.nextInt(200)];
        rnd.nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            if (junk[i] == '\r' || junk[i] == '\n') {
                junk[i] = 'x';
            }
        }
        // A leading letter keeps Netty from skipping the whole line as leading control/whitespace.
        junk[0] = (byte) ('A' + rnd.nextInt(26));
        byte[] request = java.util.Arrays.copyOf(junk, junk.length + 4);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, request, junk.length, 4);
        return request;
    }

    /** A valid upgrade request to break in one place. */
    private static Handshake upgrade() {
        return Handshake.to("/socket/websocket?" + V2);
    }

    private String[] webSocket(CaseClass c, Random rnd) throws IOException {
        String query = c == CaseClass.MSG_V1_MISSING_KEYS ? "vsn=1.0.0" : V2;
        try (WebSocketClient ws = Connections.webSocket(port, query)) {
            byte[] bytes = Frames.attack(c, rnd);
            ws.trySendRaw(bytes);
            if (c == CaseClass.FRAME_TRUNCATED) {
                ws.connection().shutdownOutput();
            }
            return new String[] {Answer.closeCode(ws), Junk.describe(bytes)};
        }
    }

    private String[] longPoll(CaseClass c, Random rnd) throws IOException {
        String target = "/socket/longpoll?vsn=2.0.0&token=" + liveToken();
        String method = "POST";
        String contentType = "application/x-ndjson";
        byte[] body;
        String lengthOverride = null;
        switch (c) {
            case LP_BAD_NDJSON -> body = ("[\"1\",\"1\",\"phoenix\",\"heartbeat\",{}]\n" + Junk.invalidJson(rnd))
                    .getBytes(StandardCharsets.UTF_8);
            case LP_BAD_BASE64 -> body = (Junk.token(rnd, 1 + rnd.nextInt(20)) + "*!" + Junk.ascii(rnd, rnd.nextInt(40))
                    .replace("\n", "")).getBytes(StandardCharsets.UTF_8);
            case LP_BAD_BINARY_LINE -> body = Base64.getEncoder().encode(Frames.binaryJunk(rnd));
            case LP_WRONG_METHOD -> {
                method = new String[] {"PUT", "DELETE", "PATCH", "TRACE", "FOO", "PROPFIND"}[rnd.nextInt(6)];
                body = new byte[0];
            }
            case LP_BAD_QUERY -> {
                target = "/socket/longpoll?vsn=2.0.0&x=%" + new String[] {"", "G", "zz", "4", "%%"}[rnd.nextInt(5)];
                method = "GET";
                body = new byte[0];
            }
            case LP_BODY_TOO_LARGE -> {
                body = new byte[0];
                lengthOverride = Integer.toString(65 * 1024 + rnd.nextInt(10_000_000));
            }
            default -> throw new IllegalArgumentException(c.toString());
        }
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + (lengthOverride != null ? lengthOverride : Integer.toString(body.length)) + "\r\n\r\n";
        try (RawConnection conn = Connections.open(port)) {
            conn.tryWrite(head.getBytes(StandardCharsets.ISO_8859_1));
            conn.tryWrite(body);
            return new String[] {Answer.httpStatus(conn), head + HexFormat.of().formatHex(body, 0,
                    Math.min(body.length, 64))};
        }
    }
}
