package dev.switchboard.channel;

/** Why a channel instance ended. */
public enum TerminateReason {
    /** The client sent {@code phx_leave}. */
    LEFT,
    /** The client joined the same topic again; this older instance was replaced. */
    REJOINED,
    /** The channel stopped itself with {@link HandleResult#stop}. */
    STOPPED,
    /** A callback threw; the client received {@code phx_error}. */
    CRASHED,
    /** The connection closed (client went away, idle timeout, protocol error, server shutdown). */
    CONNECTION_CLOSED,
    /**
     * The join could not complete after {@code join} accepted it: the topic's history could not
     * be read for a recovering client, which got an error reply and will retry.
     */
    JOIN_FAILED
}
