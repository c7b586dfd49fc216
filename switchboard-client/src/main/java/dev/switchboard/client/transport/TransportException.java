package dev.switchboard.client.transport;

/**
 * A transport failed in a way the server told us about: an HTTP status on a refused WebSocket
 * upgrade, a long-poll status in a response body, or a response the client cannot read.
 */
public final class TransportException extends RuntimeException {
    private final int status;

    public TransportException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public TransportException(String message, int status) {
        this(message, status, null);
    }

    /** The HTTP status (WebSocket upgrade) or long-poll status; 0 when there was none. */
    public int status() {
        return status;
    }
}
