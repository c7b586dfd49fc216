package dev.switchboard.protocol;

/** A server frame cannot be represented in the connection's wire format. */
public final class EncodeException extends RuntimeException {
    public EncodeException(String message) {
        super(message);
    }
}
