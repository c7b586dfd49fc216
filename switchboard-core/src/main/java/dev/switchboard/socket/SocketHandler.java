package dev.switchboard.socket;

/**
 * Decides who may connect. Runs on a worker thread, so it may block (a token lookup in a
 * database is normal). An exception refuses the connection with HTTP 500 and is logged.
 */
@FunctionalInterface
public interface SocketHandler {

    ConnectResult connect(ConnectRequest request);

    /** Accepts everyone with no assigns. */
    static SocketHandler acceptAll() {
        return request -> ConnectResult.accept();
    }
}
