package dev.switchboard.testsupport.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that injects the faults a network produces between a client and a server:
 * clients connect to {@link #port()}, each connection is forwarded to the target, and a test can
 *
 * <ul>
 *   <li>{@link #cutAll(Cut) cut every current connection at once}, with a reset (RST: a crash, a
 *       middlebox that drops state) or an orderly close (FIN: a peer that goes away politely);</li>
 *   <li>{@link #refuseNewConnections() refuse new connections} (the port stops listening: a node
 *       that is down), {@link #refuseNewConnectionsFor(Duration) for a while} or until
 *       {@link #acceptNewConnections()};</li>
 *   <li>{@link #stall(Direction) stall a direction}: the proxy stops reading it, so the kernel
 *       buffers fill and the sender feels backpressure, until {@link #resume(Direction)}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.to(redis.port()).start()) {
 *     connect(proxy.port());
 *     proxy.cutAll(TcpProxy.Cut.RESET);
 * }
 * }</pre>
 *
 * Two threads per connection (one per direction) do blocking copies; enough for tests.
 */
public final class TcpProxy implements AutoCloseable {
    /** Which way bytes flow through the proxy. */
    public enum Direction {
        /** From the connecting client to the target. */
        TO_TARGET,
        /** From the target back to the client. */
        TO_CLIENT
    }

    /** How {@link #cutAll(Cut)} ends connections. */
    public enum Cut {
        /** RST to both peers at once; their next read or write fails with a reset. */
        RESET,
        /** FIN to both peers: each reads end of stream (after what was already forwarded). */
        CLOSE
    }

    /** How long a refusal waits for the accepting thread to leave (it may be connecting a last client to the target). */
    private static final Duration ACCEPTOR_EXIT = Duration.ofSeconds(6);
    /** How long a {@link Cut#CLOSE}d connection may linger while the peers close their side. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String targetHost;
    private final int targetPort;
    private final int socketBuffer;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final boolean[] stalled = new boolean[Direction.values().length];
    private final AtomicLong[] forwarded = {new AtomicLong(), new AtomicLong()};
    private final AtomicInteger accepted = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tcp-proxy-timer"));
    private ServerSocket listener;
    /** The thread accepting on {@link #listener}. */
    private Thread acceptThread;
    private volatile boolean closed;

    private TcpProxy(Builder builder) throws IOException {
        this.targetHost = builder.targetHost;
        this.targetPort = builder.targetPort;
        this.socketBuffer = builder.socketBuffer;
        ServerSocket socket = bind(0);
        this.port = socket.getLocalPort();
        listen(socket);
    }

    /** A proxy to {@code 127.0.0.1:targetPort}; {@link Builder#start()} starts it. */
    public static Builder to(int targetPort) {
        return new Builder(targetPort);
    }

    /** The loopback port clients connect to; it stays the same through refusals. */
    public int port() {
        return port;
    }

    /** Connections open right now. */
    public int connections() {
        return links.size();
    }

    /**
     * Connections forwarded to the target so far, ended ones included: how often a client
     * (re)connected through the proxy.
     */
    public int accepted() {
        return accepted.get();
    }

    /** Bytes forwarded in one direction so far. */
    public long forwarded(Direction direction) {
        return forwarded[direction.ordinal()].get();
    }

    /** Ends every current connection at once; returns how many. New connections are still accepted. */
    public int cutAll(Cut how) {
        int n = 0;
        for (Link link : links) {
            link.cut(how);
            n++;
        }
        return n;
    }

    /**
     * Stops listening: connection attempts are refused (ECONNREFUSED) until
     * {@link #acceptNewConnections()}. Returns once the accepting thread has left the port: until
     * then the kernel could still complete a handshake on it (the blocked {@code accept} holds the
     * listening socket open for a moment after it is closed), and a client would see a connection
     * where it should see a refusal.
     */
    public void refuseNewConnections() {
        Thread acceptor;
        synchronized (this) {
            if (listener == null) {
                return;
            }
            closeQuietly(listener);
            listener = null;
            acceptor = acceptThread;
            acceptThread = null;
        }
        try {
            acceptor.join(ACCEPTOR_EXIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Listens again on the same port. */
    public synchronized void acceptNewConnections() {
        if (listener == null && !closed) {
            try {
                listen(bind(port));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + port + " again", e);
            }
        }
    }

    /** Refuses new connections now and accepts them again after {@code duration}. */
    public void refuseNewConnectionsFor(Duration duration) {
        refuseNewConnections();
        timer.schedule(this::acceptNewConnections, duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops forwarding {@code direction} on every connection, current and future: the proxy stops
     * reading it, so the sender's data piles up in kernel buffers until its writes block.
     */
    public void stall(Direction direction) {
        synchronized (stalled) {
            stalled[direction.ordinal()] = true;
        }
    }

    /** Forwards {@code direction} again, what piled up first. */
    public void resume(Direction direction) {
        synchronized (stalled) {
            stalled[direction.ordinal()] = false;
            stalled.notifyAll();
        }
    }

    /** Stops listening and resets every connection. */
    @Override
    public void close() {
        closed = true;
        refuseNewConnections();
        cutAll(Cut.RESET);
        timer.shutdownNow();
    }

    private ServerSocket bind(int localPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        if (socketBuffer > 0) {
            socket.setReceiveBufferSize(socketBuffer);
        }
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort), 128);
        return socket;
    }

    private synchronized void listen(ServerSocket socket) {
        listener = socket;
        acceptThread = daemon(() -> acceptLoop(socket), "tcp-proxy-accept-" + port);
        acceptThread.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closedOrRefusing) {
                return;
            }
            try {
                Socket target = new Socket();
                if (socketBuffer > 0) {
                    target.setReceiveBufferSize(socketBuffer);
                    target.setSendBufferSize(socketBuffer);
                    client.setSendBufferSize(socketBuffer);
                }
                target.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                target.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                Link link = new Link(client, target);
                if (!register(link, socket)) {
                    link.cut(Cut.RESET);
                    continue;
                }
                accepted.incrementAndGet();
                link.start();
            } catch (IOException targetDown) {
                reset(client); // the target refused: so does the proxy, as a client would see a dead server
            }
        }
    }

    /**
     * Adds a link accepted on {@code from} unless the proxy stopped listening there meanwhile: a
     * connection the kernel accepted just before {@link #refuseNewConnections()} but this thread
     * registers only after it would otherwise escape the {@link #cutAll(Cut)} that usually follows,
     * and go on as if nothing had happened. It is reset instead, as a refused connection is.
     */
    private synchronized boolean register(Link link, ServerSocket from) {
        if (listener != from) {
            return false;
        }
        links.add(link);
        return true;
    }

    /** One proxied connection: the client's socket, the target's, and a pump each way. */
    private final class Link {
        private final Socket client;
        private final Socket target;
        private final AtomicInteger pumpsEnded = new AtomicInteger();
        /** Set by a cut, before it closes anything: from then on the pumps forward nothing. */
        private volatile boolean closing;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            daemon(() -> pump(client, target, Direction.TO_TARGET), "tcp-proxy-up-" + port).start();
            daemon(() -> pump(target, client, Direction.TO_CLIENT), "tcp-proxy-down-" + port).start();
        }

        /**
         * Copies until end of stream, which is passed on as a half-close; the link ends when both
         * directions have ended, or at once when one fails (a reset, a cut).
         */
        private void pump(Socket from, Socket to, Direction direction) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) != -1; ) {
                    awaitNotStalled(direction); // returns at once once cut
                    if (closing) {
                        // after a cut, read what the peer still sends (so a FIN cut's close is not
                        // turned into a reset by unread input) and forward nothing, not even what
                        // a stall was holding when the cut came
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    forwarded[direction.ordinal()].addAndGet(n);
                }
                if (!closing) {
                    to.shutdownOutput();
                }
            } catch (IOException | InterruptedException failed) {
                end();
                return;
            }
            if (pumpsEnded.incrementAndGet() == 2) {
                end();
            }
        }

        private void awaitNotStalled(Direction direction) throws InterruptedException {
            synchronized (stalled) {
                while (stalled[direction.ordinal()] && !closing && !client.isClosed()) {
                    stalled.wait(50);
                }
            }
        }

        void cut(Cut how) {
            closing = true;
            if (how == Cut.RESET) {
                links.remove(this);
                // both sockets abortive before either closes: closing one wakes a pump, whose
                // end() would otherwise close the other politely (a FIN) before it is reset here
                abortOnClose(client);
                abortOnClose(target);
                closeQuietly(client);
                closeQuietly(target);
                return;
            }
            // FIN both ways, then keep reading (and dropping) until both peers close their side,
            // so no unread input turns the close into a reset; the grace timer ends laggards.
            shutdownOutputQuietly(client);
            shutdownOutputQuietly(target);
            timer.schedule(this::end, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void end() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(target);
        }
    }

    private static void reset(Socket socket) {
        abortOnClose(socket);
        closeQuietly(socket);
    }

    /** Makes the socket's close a reset (RST) rather than an orderly FIN. */
    private static void abortOnClose(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        }
    }

    private static void shutdownOutputQuietly(Socket socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException alreadyClosed) {
            // nothing to shut
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Where to forward and how; {@link #start()} starts listening on a free loopback port. */
    public static final class Builder {
        private final int targetPort;
        private String targetHost = "127.0.0.1";
        private int socketBuffer;

        private Builder(int targetPort) {
            if (targetPort < 1 || targetPort > 65535) {
                throw new IllegalArgumentException("targetPort must be 1..65535, got " + targetPort);
            }
            this.targetPort = targetPort;
        }

        /** The target's address; default {@code 127.0.0.1}. */
        public Builder targetHost(String host) {
            this.targetHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * SO_RCVBUF/SO_SNDBUF of the proxy's sockets. Default 0: the OS's, which on loopback grow
         * to megabytes; a small value makes a {@link #stall(Direction) stall} felt after a few KiB.
         */
        public Builder socketBuffers(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("socketBuffers must be >= 0, got " + bytes);
            }
            this.socketBuffer = bytes;
            return this;
        }

        public TcpProxy start() {
            try {
                return new TcpProxy(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the proxy", e);
            }
        }
    }
}
