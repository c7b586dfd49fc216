package dev.switchboard.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Official phoenix.js clients (in Node, {@code cluster.mjs}) held open against a cluster, driven
 * by commands: how many are joined, what each received, a push from one of them. The script sits
 * with the other phoenix.js scenarios in switchboard-server's {@code src/test/js}, whose npm
 * dependencies (phoenix, ws) the server module's build installs.
 */
final class ClusterClients implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private int nextId;

    private ClusterClients(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("cluster-clients-out", () -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            }
        });
        daemon("cluster-clients-err", () -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            }
        });
    }

    /** Opens {@code websocket} + {@code longpoll} clients on {@code socketUrl}, each joining {@code topic}. */
    static ClusterClients start(String socketUrl, int websocket, int longpoll, String topic) throws IOException {
        Path script = scriptDirectory().resolve("cluster.mjs");
        if (!Files.isRegularFile(script.resolveSibling("node_modules/phoenix/package.json"))) {
            throw new AssertionError("phoenix is not installed in " + script.getParent()
                    + ": run `npm ci` there (the switchboard-server build does this)");
        }
        Process process = new ProcessBuilder(node(), script.toString(), "--url", socketUrl,
                "--websocket", String.valueOf(websocket), "--longpoll", String.valueOf(longpoll), "--topic", topic)
                .directory(script.getParent().toFile())
                .start();
        return new ClusterClients(process);
    }

    static Path scriptDirectory() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path sibling = base.resolveSibling("switchboard-server").resolve("src/test/js");
        return Files.isDirectory(sibling) ? sibling : base.resolve("switchboard-server/src/test/js");
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
        return stderr.toString();
    }

    private ObjectNode command(String name) {
        return JSON.createObjectNode().put("id", ++nextId).put("cmd", name);
    }

    private synchronized JsonNode call(ObjectNode command) {
        try {
            commands.write(command.toString());
            commands.write('\n');
            commands.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive()) {
                        throw new AssertionError("cluster.mjs exited (" + process.exitValue() + "):\n" + stderr);
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
            throw new AssertionError("cluster.mjs did not answer " + command + " within 30 s:\n" + stderr);
        } catch (IOException e) {
            throw new AssertionError("cannot talk to cluster.mjs: " + e + "\n" + stderr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.close(); // the script exits when its stdin ends
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String node() {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("switchboard.node") != null) {
            candidates.add(System.getProperty("switchboard.node"));
        }
        if (System.getenv("NODE") != null) {
            candidates.add(System.getenv("NODE"));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                candidates.add(Path.of(entry.isEmpty() ? "." : entry, "node").toString());
            }
        }
        candidates.add("/usr/bin/node");
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("no node executable found (looked at -Dswitchboard.node, $NODE, $PATH); "
                + "the cluster tests run the phoenix client in Node (Debian: apt-get install nodejs npm)");
    }

    private interface Body {
        void run() throws IOException;
    }

    private static void daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
