package dev.switchboard.testsupport.ws;

import dev.switchboard.testsupport.http.RawResponse;
import java.io.IOException;

/** The server answered the upgrade request with something other than {@code 101}. */
public final class HandshakeRefusedException extends IOException {
    private final transient RawResponse response;

    public HandshakeRefusedException(RawResponse response) {
        super("upgrade refused: " + response.statusLine());
        this.response = response;
    }

    /** The server's answer (head only; the body was not read). */
    public RawResponse response() {
        return response;
    }

    public int status() {
        return response.status();
    }
}
