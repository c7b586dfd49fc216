package dev.switchboard.socket;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Serializer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection as its session and channels see it: who it is (socket id, assigns from
 * connect), what it speaks (serializer), where its frames go (transport, shard), and the endpoint
 * it belongs to. Everything here is immutable except the closed flag, so any thread may use it:
 * channels send from their mailboxes, the session from the shard.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Endpoint endpoint;
    private final SocketDefinition socket;
    private final Serializer serializer;
    private final Transport transport;
    private final String socketId;
    private final Map<String, Object> assigns;
    /** Written on the shard when the transport is gone; read by senders on any thread. */
    private volatile boolean closed;

    Connection(Endpoint endpoint, SocketDefinition socket, Serializer serializer, Transport transport,
               ConnectResult.Accepted accepted) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.serializer = serializer;
        this.transport = transport;
        this.socketId = accepted.id();
        this.assigns = accepted.assigns();
    }

    Endpoint endpoint() {
        return endpoint;
    }

    SocketDefinition socket() {
        return socket;
    }

    Serializer serializer() {
        return serializer;
    }

    Transport transport() {
        return transport;
    }

    Shard shard() {
        return transport.shard();
    }

    /** The socket id given at connect, or null. */
    String socketId() {
        return socketId;
    }

    /** The assigns from connect, shared read-only by every channel of the connection until one writes. */
    Map<String, Object> assigns() {
        return assigns;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** Encodes and sends one frame to this client; dropped once the connection is closed. Thread-safe. */
    void send(Frame frame) {
        if (closed) {
            return;
        }
        EncodedFrame encoded;
        try {
            encoded = serializer.encode(frame);
        } catch (EncodeException e) {
            log.warn("Cannot send {} on {} to a {} client: {}", describe(frame), frame.topic(), serializer.format(),
                    e.getMessage());
            return;
        }
        endpoint.traffic().sent();
        transport.send(encoded);
    }

    private static String describe(Frame frame) {
        if (frame instanceof Message m) {
            return m.event();
        }
        if (frame instanceof Reply r) {
            return "reply " + r.status();
        }
        return ((dev.switchboard.protocol.Broadcast) frame).event();
    }
}
