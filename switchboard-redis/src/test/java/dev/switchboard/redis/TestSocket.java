package dev.switchboard.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Phoenix client as the cluster tests look at it: joins topics, pushes {@code {"id": id}} and
 * waits for the ok, and lists every message the server pushed (broadcasts, presence) as
 * {@code topic event payload-id}. Waits up to 10 s for each reply.
 */
final class TestSocket implements AutoCloseable {
    private final PhoenixSocket socket;
    private final List<JsonNode> pushed = new ArrayList<>();

    private TestSocket(PhoenixSocket socket) {
        this.socket = socket;
    }

    static TestSocket connect(int port) throws IOException {
        return new TestSocket(PhoenixSocket.over(WebSocketClient.connect(
                RawConnection.to(port).readTimeout(Duration.ofSeconds(10)), PhoenixSocket.handshake("vsn=2.0.0"))));
    }

    void join(String topic) throws IOException {
        call(topic, "phx_join", "{}");
    }

    /** Pushes {@code {"id": id}} and waits for the ok reply (so the broadcast has been published). */
    void push(String topic, String event, String id) throws IOException {
        call(topic, event, "{\"id\":\"" + id + "\"}");
    }

    /** Every message pushed so far, each as {@code "topic event id"}. */
    synchronized List<String> broadcasts() {
        return received().stream()
                .map(f -> f.get(2).asText() + " " + f.get(3).asText() + " " + f.get(4).path("id").asText())
                .toList();
    }

    /** The payloads of every received message of {@code event}, in arrival order. */
    synchronized List<JsonNode> payloads(String event) {
        return received().stream().filter(f -> f.get(3).asText().equals(event)).map(f -> f.get(4)).toList();
    }

    /** How many received messages carried {@code id}. */
    synchronized long count(String id) {
        return broadcasts().stream().filter(b -> b.endsWith(" " + id)).count();
    }

    /** What has arrived so far (read now, without waiting for more). */
    private synchronized List<JsonNode> received() {
        try {
            keepPushes(socket.drain());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(pushed);
    }

    private synchronized void call(String topic, String event, String payload) throws IOException {
        List<JsonNode> seen = socket.collectUntilReply(socket.push(topic, event, payload));
        JsonNode reply = seen.remove(seen.size() - 1);
        keepPushes(seen);
        if (!reply.get(4).path("status").asText().equals("ok")) {
            throw new AssertionError(event + " on " + topic + " answered " + reply);
        }
    }

    /** Messages without a ref are the server's own (replies to earlier calls have one). */
    private void keepPushes(List<JsonNode> messages) {
        for (JsonNode message : messages) {
            if (message.get(1).isNull()) {
                pushed.add(message);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
