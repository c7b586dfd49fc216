package dev.switchboard.server.hostile;

import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;

/**
 * What the server answered one hostile case, in one comparable string: {@code http 400},
 * {@code close 1002}, {@code reply error unmatched topic}, {@code lp 410}, {@code eof}, … When
 * there is no proper answer, the way the read failed is the answer: {@code eof}, {@code timeout}
 * (nothing within {@link Connections#READ_TIMEOUT}: a hang) or {@code garbled} (bytes that are not
 * a response).
 */
final class Answer {
    private Answer() {}

    /** The status of the HTTP response the server sends next (head only), or how reading it failed. */
    static String httpStatus(RawConnection connection) {
        try {
            return http(ResponseReader.read(connection.input(), false).status());
        } catch (IOException e) {
            return failure(e);
        }
    }

    /** The code of the server's close frame, or how waiting for it failed. */
    static String closeCode(WebSocketClient ws) {
        try {
            return close(ws.awaitClose().code());
        } catch (IOException e) {
            return failure(e);
        }
    }

    /** A read that ended without an answer: {@code timeout}, {@code garbled}, or {@code eof} (closed or reset). */
    static String failure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timeout";
        }
        return e instanceof ProtocolException ? "garbled" : "eof";
    }

    static String http(int status) {
        return "http " + status;
    }

    static String close(int code) {
        return "close " + code;
    }

    static String longPoll(int status) {
        return "lp " + status;
    }

    static String reply(String status, String reason) {
        return "reply " + status + (reason == null ? "" : " " + reason);
    }

    static String eof() {
        return "eof";
    }
}
