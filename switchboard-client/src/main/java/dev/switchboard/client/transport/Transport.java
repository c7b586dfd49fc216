package dev.switchboard.client.transport;

import dev.switchboard.protocol.EncodedFrame;

/**
 * One connection attempt over one transport: the seam between the socket's state machine and the
 * network. Instances are created by a {@link TransportFactory} and report to a
 * {@link TransportListener}. After {@link #close} or {@link #abort} the socket ignores anything the
 * transport still reports, so implementations need not suppress late events.
 */
public interface Transport {

    /** Which transport this is. */
    TransportKind kind();

    /** Queues one frame; frames go out in the order given. Ignored once closed. */
    void send(EncodedFrame frame);

    /** Closes politely (a WebSocket close frame with this code and reason). */
    void close(int code, String reason);

    /** Drops the connection at once (no close handshake); for dead or misbehaving peers. */
    void abort();

    /** The negotiated WebSocket subprotocol, or the empty string. */
    default String subprotocol() {
        return "";
    }
}
