package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.client.transport.TransportFactory;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.client.transport.TransportListener;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Serializers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the network in state-machine tests: each connection attempt of the socket becomes
 * a {@link Conn} the test opens, feeds recorded server frames into and reads the client's frames
 * from (decoded with the server's own V2 decoder). Tests against real servers live in
 * switchboard-client-it.
 */
final class ScriptedServer implements TransportFactory {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Conn> attempts = new LinkedBlockingQueue<>();

    @Override
    public Transport open(TransportKind kind, URI url, String authToken, TransportListener listener) {
        Conn conn = new Conn(kind, url, authToken, listener);
        attempts.add(conn);
        return conn;
    }

    /** The socket's next connection attempt. */
    Conn nextAttempt() throws InterruptedException {
        Conn conn = attempts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(conn).as("a connection attempt within " + WAIT).isNotNull();
        return conn;
    }

    /** Whether another attempt comes within {@code wait}. */
    Conn attemptWithin(Duration wait) throws InterruptedException {
        return attempts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A socket on this scripted network. */
    Socket socket(SocketOptions.Builder options) {
        return new Socket(options.build(), this);
    }

    static SocketOptions.Builder options() {
        return SocketOptions.builder("ws://scripted.invalid/socket");
    }

    /** One connection attempt. */
    static final class Conn implements Transport {
        final TransportKind kind;
        final URI url;
        final String authToken;
        final TransportListener listener;
        private final BlockingQueue<EncodedFrame> sent = new LinkedBlockingQueue<>();
        volatile boolean closed;
        volatile boolean aborted;

        Conn(TransportKind kind, URI url, String authToken, TransportListener listener) {
            this.kind = kind;
            this.url = url;
            this.authToken = authToken;
            this.listener = listener;
        }

        Conn open() {
            listener.onOpen();
            return this;
        }

        /** A server text frame. */
        Conn frame(String json) {
            listener.onFrame(json.getBytes(StandardCharsets.UTF_8), false);
            return this;
        }

        Conn binary(byte[] data) {
            listener.onFrame(data, true);
            return this;
        }

        /** The server (or network) ends the connection. */
        void serverClose(int code, String reason) {
            listener.onClose(code, reason);
        }

        void fail(Throwable error) {
            listener.onError(error);
            listener.onClose(1006, String.valueOf(error.getMessage()));
        }

        /** The next frame the client sent, decoded as a server decodes it. */
        Message next() throws InterruptedException, DecodeException {
            EncodedFrame frame = nextRaw();
            return Serializers.v2().decode(frame.bytes(), frame.binary());
        }

        EncodedFrame nextRaw() throws InterruptedException {
            EncodedFrame frame = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame from the client within " + WAIT).isNotNull();
            return frame;
        }

        /** The next frame that is not a heartbeat. */
        Message nextNonHeartbeat() throws InterruptedException, DecodeException {
            Message m = next();
            while (m.event().equals("heartbeat")) {
                m = next();
            }
            return m;
        }

        /** A frame sent within {@code wait}, or null. */
        EncodedFrame sentWithin(Duration wait) throws InterruptedException {
            return sent.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public TransportKind kind() {
            return kind;
        }

        @Override
        public void send(EncodedFrame frame) {
            sent.add(frame);
        }

        @Override
        public void close(int code, String reason) {
            closed = true;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
