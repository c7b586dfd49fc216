package dev.switchboard.socket;

/** Where a channel instance is in its life. Only ever moves forward. */
enum ChannelState {
    /** The join callback has not finished: pushes are held until the join reply is written. */
    JOINING,
    /** Joined: pushes, replies and broadcasts flow. */
    JOINED,
    /** Terminated (left, stopped, crashed, replaced, refused, or the connection closed): everything is dropped. */
    ENDED
}
