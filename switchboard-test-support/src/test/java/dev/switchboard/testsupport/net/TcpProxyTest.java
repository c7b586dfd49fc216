package dev.switchboard.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testsupport.Background;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
    private Target target;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        target = new Target();
        proxy = TcpProxy.to(target.port()).start();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        target.close();
    }

    @Test
    void forwardsBothWaysAndPassesAHalfCloseOn() throws Exception {
        try (Socket client = connect()) {
            Socket server = target.next();
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(readN(server.getInputStream(), 4)).isEqualTo("ping");
            server.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
            assertThat(readN(client.getInputStream(), 4)).isEqualTo("pong");

            client.shutdownOutput();
            assertThat(server.getInputStream().read()).as("the server sees the client's FIN").isEqualTo(-1);
            server.getOutputStream().write('!');
            assertThat(client.getInputStream().read()).as("the other direction still flows").isEqualTo('!');
            assertThat(proxy.forwarded(TcpProxy.Direction.TO_TARGET)).isEqualTo(4);
            // counted once written, which may be a moment after the peer has read it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (proxy.forwarded(TcpProxy.Direction.TO_CLIENT) < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(proxy.forwarded(TcpProxy.Direction.TO_CLIENT)).isEqualTo(5);
        }
    }

    @Test
    void aResetCutFailsBothPeersAndNewConnectionsStillWork() throws Exception {
        try (Socket client = connect()) {
            Socket server = target.next();
            awaitConnections(1);

            assertThat(proxy.cutAll(TcpProxy.Cut.RESET)).isEqualTo(1);

            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThatThrownBy(() -> server.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(proxy.connections()).isZero();
        }
        try (Socket again = connect()) {
            Socket server = target.next();
            again.getOutputStream().write('x');
            assertThat(server.getInputStream().read()).isEqualTo('x');
            assertThat(proxy.accepted()).as("connections forwarded, the cut one included").isEqualTo(2);
        }
    }

    @Test
    void aCloseCutGivesBothPeersEndOfStreamAfterWhatWasForwarded() throws Exception {
        try (Socket client = connect()) {
            Socket server = target.next();
            server.getOutputStream().write('a');
            assertThat(client.getInputStream().read()).isEqualTo('a');

            assertThat(proxy.cutAll(TcpProxy.Cut.CLOSE)).isEqualTo(1);

            assertThat(client.getInputStream().read()).isEqualTo(-1);
            assertThat(server.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void refusedConnectionsAreRefusedUntilAcceptedAgainWhileOpenOnesCarryOn() throws Exception {
        try (Socket open = connect()) {
            Socket server = target.next();
            proxy.refuseNewConnections();

            assertThat(refused()).as("a new connection is refused").isTrue();
            open.getOutputStream().write('k');
            assertThat(server.getInputStream().read()).as("an open connection is not affected").isEqualTo('k');

            proxy.acceptNewConnections();
            try (Socket later = connect()) {
                assertThat(target.next()).isNotNull();
            }
        }
    }

    @Test
    void refusingForAWhileEndsByItself() throws Exception {
        proxy.refuseNewConnectionsFor(Duration.ofMillis(300));
        assertThat(refused()).as("a new connection is refused").isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Socket accepted = null;
        while (accepted == null && System.nanoTime() < deadline) {
            try {
                accepted = connect();
            } catch (ConnectException notYet) {
                Thread.sleep(50);
            }
        }
        assertThat(accepted).as("accepted again after the refusal").isNotNull();
        accepted.close();
    }

    @Test
    void aStalledDirectionStopsForwardingSoTheSenderBlocksUntilResumed() throws Exception {
        proxy.close();
        proxy = TcpProxy.to(target.port()).socketBuffers(8 * 1024).start();
        proxy.stall(TcpProxy.Direction.TO_TARGET);
        int total = 4 * 1024 * 1024;
        try (Socket client = connect(8 * 1024)) {
            Socket server = target.next();
            AtomicLong received = new AtomicLong();
            CompletableFuture<Void> sink = Background.run(() -> drain(server, received));
            CompletableFuture<Void> writer = Background.run(() -> write(client, total));

            Thread.sleep(500);
            assertThat(received.get()).as("nothing forwarded while stalled").isZero();
            assertThat(writer).as("the sender is blocked by full buffers").isNotDone();

            proxy.resume(TcpProxy.Direction.TO_TARGET);
            writer.get(10, TimeUnit.SECONDS);
            client.shutdownOutput();
            sink.get(10, TimeUnit.SECONDS);
            assertThat(received.get()).isEqualTo(total);
        }
    }

    private Socket connect() throws IOException {
        return connect(0);
    }

    private Socket connect(int sendBuffer) throws IOException {
        Socket socket = new Socket();
        if (sendBuffer > 0) {
            socket.setSendBufferSize(sendBuffer);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 2_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proxy.connections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.connections()).isEqualTo(n);
    }

    private static String readN(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }

    private static void write(Socket socket, int bytes) {
        try {
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                socket.getOutputStream().write(chunk, 0, Math.min(chunk.length, bytes - sent));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(Socket socket, AtomicLong received) {
        try {
            socket.setSoTimeout(15_000);
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = socket.getInputStream().read(buffer)) != -1; ) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server behind the proxy: hands each accepted connection to the test. */
    private static final class Target implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        private final List<Socket> all = new CopyOnWriteArrayList<>();

        Target() throws IOException {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = listener.accept();
                        s.setSoTimeout(5_000);
                        all.add(s);
                        accepted.add(s);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "tcp-proxy-test-target");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        Socket next() throws InterruptedException {
            Socket s = accepted.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("a connection reached the target").isNotNull();
            return s;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : all) {
                s.close();
            }
        }
    }

    /**
     * True when a connection to the proxy's port is refused. A port nobody listens on can still
     * "accept" a connection whose source port the kernel happened to pick equal to it (a TCP
     * self-connect, the proxy's port being an ephemeral one): that counts as refused too.
     */
    private boolean refused() throws IOException {
        try (Socket s = connect()) {
            return s.getLocalPort() == s.getPort();
        } catch (ConnectException e) {
            return true;
        }
    }
}
