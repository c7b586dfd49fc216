package dev.switchboard.server.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Opens a real long-poll session and returns its token (the target of malformed POST bodies). */
final class LongPollToken {
    private LongPollToken() {}

    static String open(int port) throws IOException {
        try (RawConn conn = RawConn.open(port)) {
            conn.write("GET /socket/longpoll?vsn=2.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            RawConn.Http answer = conn.readHttp(true);
            String token = new ObjectMapper().readTree(answer.body()).path("token").asText(null);
            if (token == null) {
                throw new IOException("no long-poll session: " + answer);
            }
            return token;
        }
    }
}
