package dev.switchboard.testsupport.ws;

import java.io.IOException;

/** A message was expected, but the server closed the WebSocket (or ended the connection) first. */
public final class ClosedByServerException extends IOException {
    private final CloseStatus status;

    /** @param status the server's close, or null when the connection ended without one */
    public ClosedByServerException(CloseStatus status) {
        super(status == null ? "the connection ended without a close frame" : "closed by the server: " + status);
        this.status = status;
    }

    /** The close the server sent, or null when the connection just ended. */
    public CloseStatus status() {
        return status;
    }
}
