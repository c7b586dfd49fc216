package dev.switchboard.client.transport;

/**
 * What a transport reports. {@link #onOpen()} at most once; {@link #onFrame} only while open;
 * {@link #onClose} exactly once at the end, after {@link #onError} when an error ended the
 * transport (including a failure to open). Calls may come from any thread; a transport never
 * makes two calls at the same time for the same frame stream.
 */
public interface TransportListener {

    /** The transport is open and may send. */
    void onOpen();

    /** One whole server frame: UTF-8 JSON text, or the bytes of a binary message. */
    void onFrame(byte[] data, boolean binary);

    /** Something went wrong; {@link #onClose} follows. */
    void onError(Throwable cause);

    /**
     * The transport ended. Codes are WebSocket close codes; long-poll uses the same codes as
     * phoenix.js (1005 timeout, 1008 forbidden, 1011 server error, 3410 session gone).
     */
    void onClose(int code, String reason);
}
