package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.protocol.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Phoenix server on loopback whose every frame the test writes: the client's real transports
 * (the JDK's WebSocket and long-poll over {@code java.net.http}) talk to it over real TCP, and the
 * test plays the server's side by hand. Nothing of Switchboard's server is on this module's
 * classpath, on purpose, so WebSocket is a small RFC 6455 endpoint on a {@link ServerSocket} and
 * long-poll runs on the JDK's {@code com.sun.net.httpserver} with Phoenix's session rules
 * (PROTOCOL.md §5: 410 + token opens, 200 with messages / 204 after a short window, ndjson POSTs,
 * 410 once the session is gone). Frames both ways go through the server's own serializers for the
 * chosen {@code vsn}. Each connection the client opens becomes a {@link Peer}.
 */
final class LoopbackServer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);
    /** How long a poll is held when there is nothing to send (Phoenix: 10 s; short keeps tests quick). */
    private static final Duration POLL_WINDOW = Duration.ofMillis(500);
    private static final Object GONE = new Object();

    private final Serializer serializer;
    private final ServerSocket websocket;
    private final HttpServer longPoll;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final List<Peer> all = new ArrayList<>();
    private final Map<String, LongPollPeer> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile boolean closed;

    LoopbackServer(WireFormat vsn) throws IOException {
        this.serializer = Serializers.of(vsn);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.websocket = new ServerSocket(0, 50, loopback);
        this.longPoll = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        longPoll.setExecutor(threads);
        longPoll.createContext("/socket/longpoll", this::longPoll);
        longPoll.start();
        threads.execute(this::acceptWebSockets);
    }

    /** The socket mount for a transport: {@code ws://127.0.0.1:P/socket} (both transports append their path). */
    String endpoint(dev.switchboard.client.transport.TransportKind kind) {
        int port = kind == dev.switchboard.client.transport.TransportKind.WEBSOCKET
                ? websocket.getLocalPort() : longPoll.getAddress().getPort();
        return "ws://127.0.0.1:" + port + "/socket";
    }

    /** The client's next connection (a WebSocket upgrade, or a long-poll session being created). */
    Peer nextConnection() throws InterruptedException {
        Peer peer = peers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(peer).as("a connection from the client within " + WAIT).isNotNull();
        return peer;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        websocket.close();
        synchronized (all) {
            all.forEach(Peer::cut);
        }
        longPoll.stop(0);
        threads.shutdownNow();
    }

    private void accepted(Peer peer) {
        synchronized (all) {
            all.add(peer);
        }
        peers.add(peer);
    }

    /** One client connection, seen from the server. */
    abstract class Peer {
        final String query;
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        Peer(String query) {
            this.query = query;
        }

        /** The next frame the client sent, decoded as the server decodes it. */
        Message next() throws InterruptedException {
            Object next = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("a frame from the client within " + WAIT).isNotNull();
            if (next instanceof DecodeException e) {
                throw new AssertionError("the client sent a frame the server cannot decode", e);
            }
            return (Message) next;
        }

        /** The next frame that is not a heartbeat. */
        Message nextNonHeartbeat() throws InterruptedException {
            Message m = next();
            while (m.event().equals("heartbeat")) {
                m = next();
            }
            return m;
        }

        /** Answers a client message: {@code phx_reply} with this status and JSON response. */
        void reply(Message request, String status, String responseJson) {
            send(new Reply(request.joinRef(), request.ref(), request.topic(), status, Payload.parse(responseJson)));
        }

        /** A server message {@code [join_ref, ref, topic, event, payload]}; refs may be null. */
        void push(String joinRef, String ref, String topic, String event, String payloadJson) {
            send(new Message(Ref.of(joinRef), Ref.of(ref), topic, event, Payload.parse(payloadJson)));
        }

        /** Any frame, encoded with the server's serializer. */
        void send(Frame frame) {
            try {
                write(serializer.encode(frame));
            } catch (IOException e) {
                throw new AssertionError("could not send to the client: " + e, e);
            }
        }

        void receivedFrame(byte[] data, boolean binary) {
            try {
                received.add(serializer.decode(data, binary));
            } catch (DecodeException e) {
                received.add(e);
            }
        }

        abstract void write(EncodedFrame frame) throws IOException;

        /** Ends the connection the way a crash or a network cut does: no close frame, no goodbye. */
        abstract void cut();
    }

    // ---------------------------------------------------------------------------------------------
    // WebSocket (RFC 6455), just what a server needs: upgrade, masked client frames, unmasked server frames

    private void acceptWebSockets() {
        while (!closed) {
            try {
                Socket tcp = websocket.accept();
                tcp.setTcpNoDelay(true);
                threads.execute(() -> serveWebSocket(tcp));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveWebSocket(Socket tcp) {
        try {
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            OutputStream out = tcp.getOutputStream();
            String head = readHead(in);
            String target = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/"));
            if (!target.startsWith("/socket/websocket?") || header(head, "sec-websocket-key") == null) {
                out.write("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                tcp.close();
                return;
            }
            String protocols = header(head, "sec-websocket-protocol");
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptKey(header(head, "sec-websocket-key")) + "\r\n"
                    + (protocols != null && protocols.contains("phoenix") ? "Sec-WebSocket-Protocol: phoenix\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            WebSocketPeer peer = new WebSocketPeer(target.substring(target.indexOf('?') + 1), tcp, out);
            accepted(peer);
            peer.read(in);
        } catch (IOException e) {
            closeQuietly(tcp);
        }
    }

    private final class WebSocketPeer extends Peer {
        private final Socket tcp;
        private final OutputStream out;

        WebSocketPeer(String query, Socket tcp, OutputStream out) {
            super(query);
            this.tcp = tcp;
            this.out = out;
        }

        void read(DataInputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            boolean binary = false;
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int b1 = in.readUnsignedByte();
                int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) == 0) {
                    throw new IOException("a client frame without a mask (RFC 6455 §5.1)");
                }
                in.readFully(mask);
                byte[] data = new byte[Math.toIntExact(length)];
                in.readFully(data);
                for (int i = 0; i < data.length; i++) {
                    data[i] ^= mask[i & 3];
                }
                switch (opcode) {
                    case 0x1, 0x2 -> {
                        binary = opcode == 0x2;
                        message.reset();
                        message.writeBytes(data);
                    }
                    case 0x0 -> message.writeBytes(data);
                    case 0x8 -> {
                        writeFrame(0x8, data); // echo the close, then end the connection
                        cut();
                        return;
                    }
                    case 0x9 -> {
                        writeFrame(0xA, data);
                        continue;
                    }
                    default -> {
                        continue;
                    }
                }
                if ((b0 & 0x80) != 0) {
                    receivedFrame(message.toByteArray(), binary);
                }
            }
        }

        @Override
        void write(EncodedFrame frame) throws IOException {
            writeFrame(frame.binary() ? 0x2 : 0x1, frame.bytes());
        }

        private synchronized void writeFrame(int opcode, byte[] data) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 10);
            frame.write(0x80 | opcode);
            if (data.length < 126) {
                frame.write(data.length);
            } else if (data.length < 65_536) {
                frame.write(126);
                frame.write(data.length >>> 8);
                frame.write(data.length & 0xFF);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) data.length >>> shift) & 0xFF);
                }
            }
            frame.writeBytes(data);
            out.write(frame.toByteArray());
            out.flush();
        }

        @Override
        void cut() {
            closeQuietly(tcp);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // long-poll (PROTOCOL.md §5)

    private void longPoll(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String token = tokenOf(query);
            LongPollPeer peer = token == null ? null : sessions.get(token);
            ObjectNode body = Json.MAPPER.createObjectNode();
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    if (peer == null) {
                        String fresh = "t" + tokens.incrementAndGet();
                        if (token == null) {
                            LongPollPeer created = new LongPollPeer(query, fresh);
                            sessions.put(fresh, created);
                            accepted(created);
                        }
                        // Without a token a session starts; with an unknown one the old session is gone.
                        body.put("status", 410).put("token", fresh).putArray("messages");
                    } else {
                        peer.poll(body);
                    }
                }
                case "POST" -> {
                    if (peer == null) {
                        body.put("status", 410);
                    } else {
                        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                        String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                        if ("application/x-ndjson".equals(contentType)) {
                            for (String line : text.split("\r?\n")) {
                                if (line.startsWith("[")) {
                                    peer.receivedFrame(line.getBytes(StandardCharsets.UTF_8), false);
                                } else {
                                    peer.receivedFrame(Base64.getDecoder().decode(line), true);
                                }
                            }
                        } else {
                            peer.receivedFrame(text.getBytes(StandardCharsets.UTF_8), false);
                        }
                        body.put("status", 200);
                    }
                }
                default -> {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
            }
            byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tokenOf(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return pair.substring("token=".length());
            }
        }
        return null;
    }

    private final class LongPollPeer extends Peer {
        private final String token;
        private final LinkedBlockingDeque<Object> outbound = new LinkedBlockingDeque<>();

        LongPollPeer(String query, String token) {
            super(query);
            this.token = token;
        }

        /** A GET: everything buffered, or the first message within the window, or 204; 410 once cut. */
        void poll(ObjectNode body) throws InterruptedException {
            Object first = outbound.poll(POLL_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            if (first == GONE) {
                outbound.addFirst(GONE);
                body.put("status", 410);
                return;
            }
            if (first == null) {
                body.put("status", 204).put("token", token).putArray("messages");
                return;
            }
            ArrayNode messages = body.put("status", 200).put("token", token).putArray("messages");
            messages.add((String) first);
            for (Object next = outbound.poll(); next != null; next = outbound.poll()) {
                if (next == GONE) {
                    outbound.addFirst(GONE);
                    break;
                }
                messages.add((String) next);
            }
        }

        @Override
        void write(EncodedFrame frame) {
            if (frame.binary()) {
                throw new AssertionError("long-poll cannot carry server binary frames (PROTOCOL.md §5.8)");
            }
            outbound.add(frame.text());
        }

        @Override
        void cut() {
            sessions.remove(token);
            outbound.add(GONE);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the HTTP request");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
