package dev.switchboard.server.transport.websocket;

/**
 * Server-wide WebSocket settings (per-socket ones, such as the frame size limit or turning
 * compression off for one socket, live in {@link dev.switchboard.socket.SocketOptions}).
 *
 * @param compression      permessage-deflate (RFC 7692) with clients that offer it (every browser
 *                         does); default false. Clients' compressed messages are inflated (a
 *                         message inflating past the socket's {@code maxFrameBytes} closes it with
 *                         1009), and the server's own messages of at least
 *                         {@code compressMinBytes} go out compressed, each broadcast compressed
 *                         once for all its subscribers ({@link MessageDeflater})
 * @param compressMinBytes smallest message the server compresses (default
 *                         {@value #DEFAULT_COMPRESS_MIN_BYTES} bytes): below it the few bytes saved
 *                         are not worth a compression per reply, and a client's inflater per message
 */
public record WebSocketOptions(boolean compression, int compressMinBytes) {
    public static final int DEFAULT_COMPRESS_MIN_BYTES = 256;
    public static final WebSocketOptions DEFAULTS = new WebSocketOptions(false, DEFAULT_COMPRESS_MIN_BYTES);

    public WebSocketOptions {
        if (compressMinBytes < 0) {
            throw new IllegalArgumentException("compressMinBytes must be >= 0, got " + compressMinBytes);
        }
    }

    public WebSocketOptions withCompression(boolean value) {
        return new WebSocketOptions(value, compressMinBytes);
    }

    public WebSocketOptions withCompressMinBytes(int value) {
        return new WebSocketOptions(compression, value);
    }
}
