package dev.switchboard.client.transport;

/** The two Phoenix transports and the path segment each is mounted at. */
public enum TransportKind {
    /** {@code <endpoint>/websocket}: one WebSocket, server frames as text or binary messages. */
    WEBSOCKET("websocket"),
    /** {@code <endpoint>/longpoll}: HTTP polls (GET) and sends (POST); no heartbeats, no server binary. */
    LONGPOLL("longpoll");

    private final String path;

    TransportKind(String path) {
        this.path = path;
    }

    /** The path segment: {@code websocket} or {@code longpoll}. */
    public String path() {
        return path;
    }
}
