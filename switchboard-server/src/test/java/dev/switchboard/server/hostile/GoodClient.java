package dev.switchboard.server.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A well-behaved client (the JDK WebSocket client) doing ping → reply, with a broadcast every
 * tenth round, until stopped. Every reply and broadcast must arrive, intact and in time.
 */
final class GoodClient implements WebSocket.Listener, Runnable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final WebSocket ws;
    volatile long rounds;
    volatile String failure;

    GoodClient(int port) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket/websocket?vsn=2.0.0"), this)
                .get(5, TimeUnit.SECONDS);
        ws.sendText("[\"1\",\"1\",\"room:good\",\"phx_join\",{}]", true).get(5, TimeUnit.SECONDS);
        await("1", null);
    }

    @Override
    public void run() {
        try {
            while (!stop.get() && failure == null) {
                long n = rounds + 2;
                String ref = Long.toString(n);
                boolean broadcast = n % 10 == 0;
                ws.sendText("[\"1\",\"" + ref + "\",\"room:good\",\"" + (broadcast ? "broadcast" : "ping")
                        + "\",{\"n\":" + n + "}]", true).get(5, TimeUnit.SECONDS);
                await(ref, broadcast ? n : null);
                rounds++;
            }
        } catch (Exception | AssertionError e) {
            String earlier = failure;
            failure = "good client failed after " + rounds + " rounds: " + e + (earlier == null ? "" : "; " + earlier);
        }
    }

    /** Waits for the ok reply to {@code ref} (echoing n for a ping) and, if asked, broadcast n. */
    private void await(String ref, Long broadcastN) throws Exception {
        boolean replied = false;
        boolean broadcastSeen = broadcastN == null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(replied && broadcastSeen)) {
            String text = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (text == null) {
                throw new AssertionError("no reply/broadcast for ref " + ref + " within 5 s (replied " + replied
                        + ", broadcast seen " + broadcastSeen + ", input closed " + ws.isInputClosed() + ", output closed "
                        + ws.isOutputClosed() + ")");
            }
            JsonNode f = MAPPER.readTree(text);
            if ("phx_reply".equals(f.path(3).asText()) && ref.equals(f.path(1).asText())) {
                if (!"ok".equals(f.path(4).path("status").asText())) {
                    throw new AssertionError("error reply: " + text);
                }
                if (broadcastN == null && !"1".equals(ref) && f.path(4).path("response").path("n").asLong() != Long.parseLong(ref)) {
                    throw new AssertionError("wrong echo: " + text);
                }
                replied = true;
            } else if ("msg".equals(f.path(3).asText()) && broadcastN != null
                    && f.path(4).path("n").asLong() == broadcastN) {
                broadcastSeen = true;
            }
        }
    }

    /** Lets the current round finish and ends the loop; then {@link #close()}. */
    void stop() {
        stop.set(true);
    }

    void close() {
        ws.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!stop.get()) {
            failure = "good client closed by the server: " + statusCode + " " + reason;
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!stop.get()) {
            failure = "good client error: " + error;
        }
    }
}
