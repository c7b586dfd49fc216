package dev.switchboard.cli.bridge;

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
import java.util.function.Predicate;

/** The Phoenix V2 wire protocol over the JDK's WebSocket: send arrays, wait for the frames that match. */
final class PhoenixWire implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private int ref;

    PhoenixWire(int port) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket/websocket?vsn=2.0.0"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** Sends {@code [joinRef, ref, topic, event, payload]}; returns the ref. */
    String send(String joinRef, String topic, String event, String payloadJson) {
        String r = Integer.toString(++ref);
        ws.sendText("[" + (joinRef == null ? "null" : "\"" + joinRef + "\"") + ",\"" + r + "\",\"" + topic + "\",\"" + event
                + "\"," + payloadJson + "]", true).join();
        return r;
    }

    /** Joins and returns the join ref after an ok reply. */
    String join(String topic) {
        JsonNode reply = joinReply(topic);
        String r = reply.get(1).asText();
        if (!reply.at("/4/status").asText().equals("ok")) {
            throw new AssertionError("join of " + topic + " refused: " + reply);
        }
        return r;
    }

    /** Sends a join and returns its reply frame, whatever its status. */
    JsonNode joinReply(String topic) {
        String r = Integer.toString(ref + 1);
        send(r, topic, "phx_join", "{}");
        return await(f -> f.get(1).asText().equals(r), Duration.ofSeconds(10));
    }

    /** The first frame (from now on) that matches; fails after {@code timeout}. */
    JsonNode await(Predicate<JsonNode> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode f = frames.poll(50, TimeUnit.MILLISECONDS);
                if (f != null && matches.test(f)) {
                    return f;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no matching frame within " + timeout);
    }

    /** The next push of {@code event} on {@code topic}. */
    JsonNode event(String topic, String event) {
        return await(f -> f.get(2).asText().equals(topic) && f.get(3).asText().equals(event), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        ws.abort();
    }
}
