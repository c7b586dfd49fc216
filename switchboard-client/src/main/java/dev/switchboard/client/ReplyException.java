package dev.switchboard.client;

/** Thrown by {@link Reply#orThrow()} for an error or timeout reply. */
public final class ReplyException extends RuntimeException {
    private final transient Reply reply;

    public ReplyException(Reply reply) {
        super(reply instanceof Reply.Timeout t ? "no reply within " + t.after()
                : "reply " + reply.status() + ": " + reply.response());
        this.reply = reply;
    }

    /** The reply that was not ok. */
    public Reply reply() {
        return reply;
    }
}
