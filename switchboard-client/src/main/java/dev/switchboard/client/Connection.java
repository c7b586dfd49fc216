package dev.switchboard.client;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.client.transport.TransportListener;
import dev.switchboard.protocol.ClientSerializer;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.Frame;
import java.util.concurrent.ScheduledFuture;

/**
 * The socket's view of one transport instance. Transport events arrive on network threads; frames
 * are decoded right there (so decoding runs in parallel across sockets) and everything is then
 * handed to the socket's loop, which ignores events of a connection it no longer uses.
 */
final class Connection implements TransportListener {
    final SocketEngine socket;
    final TransportKind kind;
    private final ClientSerializer serializer;
    Transport transport;
    /** Loop-confined flags. */
    boolean open;
    boolean closing;
    boolean channelsErrored;
    ScheduledFuture<?> openDeadline;

    Connection(SocketEngine socket, TransportKind kind, ClientSerializer serializer) {
        this.socket = socket;
        this.kind = kind;
        this.serializer = serializer;
    }

    @Override
    public void onOpen() {
        socket.onLoop(() -> socket.opened(this));
    }

    @Override
    public void onFrame(byte[] data, boolean binary) {
        Frame frame;
        try {
            frame = serializer.decode(data, binary);
        } catch (DecodeException e) {
            ProtocolException error = ProtocolException.undecodable(e, data, binary);
            socket.onLoop(() -> socket.undecodable(this, error));
            return;
        }
        socket.onLoop(() -> socket.received(this, frame));
    }

    @Override
    public void onError(Throwable cause) {
        socket.onLoop(() -> socket.errored(this, cause));
    }

    @Override
    public void onClose(int code, String reason) {
        socket.onLoop(() -> socket.closed(this, code, reason == null ? "" : reason));
    }
}
