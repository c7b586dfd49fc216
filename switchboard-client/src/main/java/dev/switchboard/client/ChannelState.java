package dev.switchboard.client;

/** The states of a {@link Channel}, with phoenix.js's names and meaning. */
public enum ChannelState {
    /** Not joined: before {@code join()}, after {@code leave()} or after the server closed it. */
    CLOSED,
    /** A join was sent (or is waiting for the socket to open) and has no reply yet. */
    JOINING,
    /** Joined: pushes go out at once. */
    JOINED,
    /** The join failed or the channel crashed or the connection dropped; a rejoin is scheduled or awaits the connection. */
    ERRORED,
    /** {@code leave()} was called. */
    LEAVING
}
