package dev.switchboard.redis;

/** A command refused before it was written to Redis (the link was closed or disconnected): Redis never saw it. */
final class CommandNotSentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandNotSentException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
