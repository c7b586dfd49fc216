package dev.switchboard.server.transport.websocket;

/**
 * Server-wide WebSocket settings (per-socket ones, such as the frame size limit, live in
 * {@link dev.switchboard.socket.SocketOptions}).
 *
 * @param compression accept permessage-deflate (RFC 7692) from clients that offer it (default
 *                    false: inflating costs CPU, and the server's own frames are sent uncompressed
 *                    either way); a message inflating past the socket's {@code maxFrameBytes}
 *                    closes it with 1009
 */
public record WebSocketOptions(boolean compression) {
    public static final WebSocketOptions DEFAULTS = new WebSocketOptions(false);
}
