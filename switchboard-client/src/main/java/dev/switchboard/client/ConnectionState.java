package dev.switchboard.client;

/** Where a {@link Socket}'s connection is. */
public enum ConnectionState {
    /** No connection, none being opened (before {@code connect()}, after {@code disconnect()}, or waiting to reconnect). */
    CLOSED,
    /** A transport is being opened. */
    CONNECTING,
    /** Connected: frames flow. */
    OPEN
}
