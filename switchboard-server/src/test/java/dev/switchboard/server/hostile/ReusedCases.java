package dev.switchboard.server.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.Frame;
import dev.switchboard.testsupport.ws.FrameCodec;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Hostile inputs the server answers on an open connection: sent in pipelined batches on one raw
 * WebSocket (or keep-alive HTTP connection for long-poll), each answer matched by its ref.
 */
final class ReusedCases {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BATCH = 32;
    /**
     * Joins sent on one connection before it is replaced: below any sensible join burst (a join
     * rate limit answers {@code "join rate limit exceeded"} instead of the class's answer).
     */
    private static final int JOINS_PER_CONNECTION = 64;

    private final int port;
    private final String room;

    ReusedCases(int port, int worker) {
        this.port = port;
        this.room = "room:hostile-" + worker;
    }

    /** Runs {@code count} cases of a WebSocket class on one connection (reopened if it dies). */
    void webSocket(CaseClass c, int count, Random rnd, Tally tally, long deadlineNanos) throws IOException {
        WebSocketClient conn = open();
        try {
            int done = 0;
            int seq = 0;
            int joinsOnConnection = 0;
            while (done < count && System.nanoTime() < deadlineNanos) {
                if (c == CaseClass.MSG_JOIN_UNROUTED && joinsOnConnection >= JOINS_PER_CONNECTION) {
                    conn.close();
                    conn = open();
                    joinsOnConnection = 0;
                }
                int n = Math.min(BATCH, count - done);
                Map<String, String> inputs = new HashMap<>();
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    String ref = "r" + (seq++);
                    byte[] frame = message(c, ref, rnd);
                    inputs.put(ref, Junk.describe(frame));
                    bytes.writeBytes(frame);
                }
                conn.trySendRaw(bytes.toByteArray());
                int answered = 0;
                while (answered < n) {
                    Frame f;
                    try {
                        f = conn.next();
                    } catch (java.net.SocketTimeoutException e) {
                        f = null;
                    }
                    if (f == null || f.opcode() == Frame.CLOSE) {
                        String why = f == null ? "eof/timeout" : Answer.close(f.closeStatus().code());
                        for (String input : inputs.values()) {
                            tally.record(c, why, input);
                        }
                        conn.close();
                        conn = open();
                        break;
                    }
                    if (f.opcode() != Frame.TEXT) {
                        continue;
                    }
                    JsonNode msg = MAPPER.readTree(f.payload());
                    if (!"phx_reply".equals(msg.path(3).asText())) {
                        continue;
                    }
                    String input = inputs.remove(msg.path(1).asText());
                    if (input == null) {
                        continue;
                    }
                    JsonNode payload = msg.path(4);
                    String reason = payload.path("response").path("reason").asText(null);
                    tally.record(c, Answer.reply(payload.path("status").asText(), reason), input);
                    answered++;
                }
                done += n;
                joinsOnConnection += n;
            }
        } finally {
            conn.close();
        }
    }

    private WebSocketClient open() throws IOException {
        WebSocketClient conn = Connections.webSocket(port, "vsn=2.0.0");
        conn.sendText("[\"j\",\"j\",\"" + room + "\",\"phx_join\",{}]");
        for (int i = 0; i < 10; i++) {
            Frame f = conn.next();
            if (f != null && f.text().contains("\"j\",\"j\"")) {
                return conn;
            }
        }
        throw new IOException("join of " + room + " not answered");
    }

    private byte[] message(CaseClass c, String ref, Random rnd) {
        String q = "\"" + ref + "\"";
        String text = switch (c) {
            case MSG_UNKNOWN_TOPIC -> "[" + (rnd.nextBoolean() ? "null" : Junk.jsonString(rnd, rnd.nextInt(5))) + "," + q + ","
                    + Junk.jsonString(rnd, 1 + rnd.nextInt(60)).replace("\"phoenix\"", "\"phoenix1\"") + ",\"x"
                    + Junk.token(rnd, rnd.nextInt(20)) + "\"," + Junk.jsonValue(rnd, 3) + "]";
            case MSG_JOIN_UNROUTED -> "[" + q + "," + q + ",\"nochannel:" + Junk.token(rnd, rnd.nextInt(30))
                    + "\",\"phx_join\"," + Junk.jsonValue(rnd, 2) + "]";
            case MSG_UNKNOWN_EVENT -> "[\"j\"," + q + ",\"" + room + "\",\"x" + Junk.token(rnd, rnd.nextInt(40)) + "\","
                    + Junk.jsonValue(rnd, 3) + "]";
            case MSG_OVERSIZED_FIELD -> "[" + Junk.jsonString(rnd, rnd.nextInt(2000)) + "," + q + ",\"room:big"
                    + Junk.token(rnd, 1024 + rnd.nextInt(19 * 1024)) + "\",\"x" + Junk.token(rnd, rnd.nextInt(4000)) + "\",{}]";
            case MSG_JUNK_HEARTBEAT -> "[null," + q + ",\"phoenix\",\"heartbeat\"," + Junk.jsonValue(rnd, 3)
                    + (rnd.nextBoolean() ? "," + Junk.jsonValue(rnd, 2) : "") + "]";
            case BINARY_UNKNOWN_TOPIC -> null;
            default -> throw new IllegalArgumentException(c.toString());
        };
        if (text == null) {
            byte[] payload = new byte[rnd.nextInt(200)];
            rnd.nextBytes(payload);
            return FrameCodec.encode(0x82, Frames.binaryPush(ref, "room:never-" + Junk.token(rnd, rnd.nextInt(100)),
                    Junk.token(rnd, 1 + rnd.nextInt(50)), payload), true, rnd);
        }
        return FrameCodec.encode(0x81, text.getBytes(StandardCharsets.UTF_8), true, rnd);
    }

    /** Runs {@code count} long-poll cases answered with HTTP 200 on one keep-alive connection. */
    void longPoll(CaseClass c, int count, Random rnd, Tally tally, long deadlineNanos) throws IOException {
        RawConnection conn = Connections.open(port);
        try {
            for (int i = 0; i < count && System.nanoTime() < deadlineNanos; i++) {
                String request;
                if (c == CaseClass.LP_BAD_TOKEN_POST) {
                    String body = "[\"1\",\"1\",\"room:x\",\"phx_join\",{}]";
                    request = "POST /socket/longpoll?vsn=2.0.0&token=" + forgedToken(rnd) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/x-ndjson\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
                } else {
                    request = "GET /socket/longpoll?vsn=" + new String[] {"3.0.0", "9", "2.1", "x", "0.0.1"}[rnd.nextInt(5)]
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
                }
                conn.tryWrite(request.getBytes(StandardCharsets.ISO_8859_1));
                String got;
                boolean keepAlive;
                try {
                    RawResponse answer = ResponseReader.read(conn.input(), true);
                    got = answer.status() != 200 ? Answer.http(answer.status())
                            : Answer.longPoll(MAPPER.readTree(answer.body()).path("status").asInt());
                    keepAlive = answer.status() == 200;
                } catch (IOException e) {
                    got = Answer.failure(e);
                    keepAlive = false;
                }
                tally.record(c, got, request);
                if (!keepAlive) {
                    conn.close();
                    conn = Connections.open(port);
                }
            }
        } finally {
            conn.close();
        }
    }

    private static String forgedToken(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> Junk.token(rnd, rnd.nextInt(200));
            case 1 -> "SFMyNTY." + Junk.token(rnd, 40) + "." + Junk.token(rnd, 43);
            default -> Junk.token(rnd, 10) + "%2E" + Junk.token(rnd, 10);
        };
    }
}
