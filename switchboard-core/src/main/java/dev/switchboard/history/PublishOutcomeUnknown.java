package dev.switchboard.history;

/**
 * A broadcast to a topic with history whose fate is unknown: the history store's answer was lost
 * (its connection broke, or it did not answer in time) and it could not be asked afterwards. It
 * may have been given a position and delivered; sending it again may deliver it twice. Distinct
 * from a plain failure, which means nobody received the broadcast.
 */
public final class PublishOutcomeUnknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PublishOutcomeUnknown(String message, Throwable cause) {
        super(message, cause);
    }
}
