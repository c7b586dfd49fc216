package dev.switchboard.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testsupport.js.NodeScript;
import dev.switchboard.testsupport.process.ChildProcess;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Official phoenix.js clients (in Node, {@code phoenix/cluster.mjs} of switchboard-test-support)
 * held open against a cluster, driven by commands: how many are joined, what each received, a push
 * from one of them.
 */
final class ClusterClients implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "phoenix/cluster.mjs";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ChildProcess process;
    private int nextId;

    private ClusterClients(String socketUrl, int websocket, int longpoll, String topic) {
        this.process = NodeScript.start(SCRIPT, List.of("--url", socketUrl, "--websocket", String.valueOf(websocket),
                "--longpoll", String.valueOf(longpoll), "--topic", topic), lines::add);
    }

    /** Opens {@code websocket} + {@code longpoll} clients on {@code socketUrl}, each joining {@code topic}. */
    static ClusterClients start(String socketUrl, int websocket, int longpoll, String topic) {
        return new ClusterClients(socketUrl, websocket, longpoll, topic);
    }

    /** Per client: index, transport, opens, closes, joins, joined, received. */
    JsonNode status() {
        return call(command("status")).get("clients");
    }

    /** Per client: the payloads of every {@code msg} it received, in order. */
    JsonNode received() {
        return call(command("received")).get("clients");
    }

    /** Per client: {@code {"syncs":N,"presences":{key: number of metas}}} as its phoenix.js Presence sees it. */
    JsonNode presence() {
        return call(command("presence")).get("clients");
    }

    /**
     * Client {@code client} announces its presence under {@code key} ({@code presence_join}), and
     * again after every rejoin; returns the reply.
     */
    JsonNode track(int client, String key) {
        return call(command("track").put("client", client).put("key", key));
    }

    /** Pushes {@code event} from client {@code client}; returns {@code {"status":"ok"|"error"|"timeout","response":…}}. */
    JsonNode push(int client, String event, JsonNode payload) {
        return push(client, event, payload, 5_000);
    }

    /** {@link #push(int, String, JsonNode)} with the push's reply timeout in milliseconds. */
    JsonNode push(int client, String event, JsonNode payload, int timeoutMillis) {
        ObjectNode c = command("push").put("client", client).put("event", event).put("timeout", timeoutMillis);
        c.set("payload", payload);
        return call(c);
    }

    String stderr() {
        return process.stderr();
    }

    private ObjectNode command(String name) {
        return JSON.createObjectNode().put("id", ++nextId).put("cmd", name);
    }

    private synchronized JsonNode call(ObjectNode command) {
        try {
            Writer commands = process.stdin();
            commands.write(command.toString());
            commands.write('\n');
            commands.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive()) {
                        throw new AssertionError("cluster.mjs exited (" + process.waitFor(Duration.ZERO) + "):\n" + stderr());
                    }
                    continue;
                }
                JsonNode answer = JSON.readTree(line);
                if (answer.path("id").asInt() == command.get("id").asInt()) {
                    if (answer.has("error")) {
                        throw new AssertionError("cluster.mjs: " + answer.get("error").asText());
                    }
                    return answer;
                }
            }
            throw new AssertionError("cluster.mjs did not answer " + command + " within 30 s:\n" + stderr());
        } catch (IOException e) {
            throw new AssertionError("cannot talk to cluster.mjs: " + e + "\n" + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            process.stdin().close(); // the script exits when its stdin ends
        } catch (IOException alreadyGone) {
            // nothing to tell it
        }
        process.waitFor(Duration.ofSeconds(5));
        process.close();
    }
}
