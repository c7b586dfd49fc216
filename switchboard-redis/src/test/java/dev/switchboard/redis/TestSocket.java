package dev.switchboard.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A V2 JSON WebSocket client over the JDK's client: joins topics, pushes and waits for replies,
 * and records every broadcast it receives as {@code topic event payload-id}.
 */
final class TestSocket implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final List<String> broadcasts = new CopyOnWriteArrayList<>();
    private final List<JsonNode> broadcastFrames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private int ref;

    static TestSocket connect(int port) throws Exception {
        TestSocket socket = new TestSocket();
        socket.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket/websocket?vsn=2.0.0"), socket)
                .get(10, TimeUnit.SECONDS);
        return socket;
    }

    void join(String topic) throws Exception {
        call(topic, "phx_join", "{}");
    }

    /** Pushes {@code {"id": id}} and waits for the ok reply (so the broadcast has been published). */
    void push(String topic, String event, String id) throws Exception {
        call(topic, event, "{\"id\":\"" + id + "\"}");
    }

    /** Every broadcast received so far, each as {@code "topic event id"}. */
    List<String> broadcasts() {
        return List.copyOf(broadcasts);
    }

    /** The payloads of every received broadcast of {@code event}, in arrival order. */
    List<JsonNode> payloads(String event) {
        return broadcastFrames.stream().filter(f -> f.get(3).asText().equals(event)).map(f -> f.get(4)).toList();
    }

    /** How many received broadcasts carried {@code id}. */
    long count(String id) {
        return broadcasts.stream().filter(b -> b.endsWith(" " + id)).count();
    }

    private void call(String topic, String event, String payload) throws Exception {
        String r = String.valueOf(++ref);
        ws.sendText("[\"1\",\"" + r + "\",\"" + topic + "\",\"" + event + "\"," + payload + "]", true).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            JsonNode reply = replies.poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                break;
            }
            if (reply.get(1).asText().equals(r)) {
                String status = reply.get(4).path("status").asText();
                if (!status.equals("ok")) {
                    throw new AssertionError(event + " on " + topic + " answered " + reply);
                }
                return;
            }
        }
        throw new AssertionError("no reply to " + event + " on " + topic);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode frame = Json.MAPPER.readTree(partial.toString());
                if (frame.get(3).asText().equals("phx_reply")) {
                    replies.add(frame);
                } else if (frame.get(1).isNull()) {
                    broadcastFrames.add(frame);
                    broadcasts.add(frame.get(2).asText() + " " + frame.get(3).asText() + " " + frame.get(4).path("id").asText());
                }
            } catch (Exception e) {
                broadcasts.add("unreadable " + partial);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        ws.abort();
    }
}
