package dev.switchboard.protocol;

/** A client message could not be decoded. The message says what was wrong, for logs and close reasons. */
public final class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message, null, false, false);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
