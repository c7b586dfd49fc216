package dev.switchboard.server.io;

import java.util.Locale;

/** The transports a client connection can use; the lower-case name is the metric label. */
public enum TransportKind {
    WEBSOCKET,
    LONGPOLL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
