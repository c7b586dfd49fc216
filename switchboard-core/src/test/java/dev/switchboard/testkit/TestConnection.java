package dev.switchboard.testkit;

import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.Session;
import dev.switchboard.socket.SocketDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One client connection without a network: a {@link Session} on a {@link QueueShard}, talking to
 * an {@link InMemoryTransport}. Client frames go in with {@link #send}; what the server wrote
 * comes out of {@link #texts()} / {@link #takeTexts()}.
 *
 * <p>Like a real transport, closing the transport reports {@code transportClosed()} to the
 * session <em>later</em>, as a task queued on the shard. Call every method on the shard's thread
 * (the test thread that created the shard).
 */
public final class TestConnection {
    private final QueueShard shard;
    private final InMemoryTransport transport;
    private final Session session;

    private TestConnection(QueueShard shard, InMemoryTransport transport, Session session) {
        this.shard = shard;
        this.transport = transport;
        this.session = session;
    }

    /** A V2 (vsn 2.0.0) connection accepted with no assigns and no socket id. */
    public static TestConnection open(Endpoint endpoint, SocketDefinition socket, QueueShard shard) {
        return open(endpoint, socket, shard, Serializers.v2(), (ConnectResult.Accepted) ConnectResult.accept());
    }

    /** A V2 connection with the given connect result (assigns, socket id). */
    public static TestConnection open(Endpoint endpoint, SocketDefinition socket, QueueShard shard,
                                      ConnectResult accepted) {
        return open(endpoint, socket, shard, Serializers.v2(), (ConnectResult.Accepted) accepted);
    }

    /** A connection speaking {@code serializer} over a transport that carries binary frames. */
    public static TestConnection open(Endpoint endpoint, SocketDefinition socket, QueueShard shard,
                                      Serializer serializer, ConnectResult.Accepted accepted) {
        return open(endpoint, socket, shard, serializer, accepted, new InMemoryTransport(shard));
    }

    /** A connection over a transport of the caller's choosing (for example a text-only one). */
    public static TestConnection open(Endpoint endpoint, SocketDefinition socket, QueueShard shard,
                                      Serializer serializer, ConnectResult.Accepted accepted,
                                      InMemoryTransport transport) {
        Session session = endpoint.open(socket, serializer, transport, accepted);
        transport.onClose(() -> shard.execute(session::transportClosed));
        return new TestConnection(shard, transport, session);
    }

    /** Feeds one client text frame (JSON) to the session. */
    public TestConnection send(String json) {
        session.receive(json.getBytes(StandardCharsets.UTF_8), false);
        return this;
    }

    /** Feeds one client binary frame to the session. */
    public TestConnection sendBinary(byte[] data) {
        session.receive(data, true);
        return this;
    }

    /** Sends a V2 {@code phx_join} with {@code join_ref == ref} and an empty payload. */
    public TestConnection join(String topic, String ref) {
        return send("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\",{}]");
    }

    /** Every text frame the server wrote, in order. */
    public List<String> texts() {
        return transport.texts();
    }

    /** The text frames written since the last take, then forgets them. */
    public List<String> takeTexts() {
        return transport.takeTexts();
    }

    /** Runs the shard's queued tasks (broadcast deliveries, work handed back by workers). */
    public TestConnection runShard() {
        shard.runAll();
        return this;
    }

    public Session session() {
        return session;
    }

    public InMemoryTransport transport() {
        return transport;
    }

    public QueueShard shard() {
        return shard;
    }
}
