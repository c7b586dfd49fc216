package dev.switchboard.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testsupport.js.NodeScript;
import dev.switchboard.testsupport.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chaos suite's clients: official phoenix.js sockets in one Node process
 * ({@code phoenix/chaos-clients.mjs}), half WebSocket and half long-poll, each on one topic
 * through the server's recovery helper. Reports, per client, what it received and how its joins
 * went.
 */
final class ChaosClients implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final ChildProcess process;
    private final List<String> topics;

    private ChaosClients(String socketUrl, int clients, List<String> topics) {
        this.topics = List.copyOf(topics);
        this.process = NodeScript.start("phoenix/chaos-clients.mjs", List.of("--url", socketUrl,
                "--clients", String.valueOf(clients), "--topics", String.join(",", topics)), this::parse);
    }

    /** Starts {@code clients} clients; returns once every one has joined. */
    static ChaosClients start(String socketUrl, int clients, List<String> topics, Duration timeout) {
        ChaosClients started = new ChaosClients(socketUrl, clients, topics);
        started.await("ready", timeout);
        return started;
    }

    /** The topic client {@code id} joined (the script's rule: pairs of ids, topics in turn). */
    String topicOf(int id) {
        return topics.get((id / 2) % topics.size());
    }

    /** Client {@code id} (a WebSocket one: even ids) stops reading its socket for {@code time}. */
    void stall(int id, Duration time) {
        ObjectNode command = JSON.createObjectNode();
        command.putObject("stall").put("client", id).put("ms", time.toMillis());
        send(command);
    }

    /** Waits until every client has the last message of its topic (or {@code timeout}), then reads each one's record. */
    List<ClientRecord> report(Map<String, Integer> lastOfTopic, Duration timeout) {
        ObjectNode command = JSON.createObjectNode();
        ObjectNode report = command.putObject("report");
        report.put("timeoutMs", timeout.toMillis());
        ObjectNode last = report.putObject("last");
        lastOfTopic.forEach(last::put);
        send(command);
        List<ClientRecord> records = new ArrayList<>();
        Duration patience = timeout.plusSeconds(10);
        while (true) {
            JsonNode line = next(patience);
            if (line.has("client")) {
                records.add(ClientRecord.from(line.get("client")));
            } else if (line.has("end")) {
                return records;
            }
        }
    }

    private void send(JsonNode command) {
        try {
            Writer stdin = process.stdin();
            stdin.write(command.toString() + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the chaos clients are gone: " + process.stderr(), e);
        }
    }

    private void await(String key, Duration timeout) {
        while (!next(timeout).has(key)) {
            // other lines before it
        }
    }

    private JsonNode next(Duration timeout) {
        try {
            JsonNode line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("no answer from the chaos clients within " + timeout + "; their log:\n"
                        + tail(process.stderr()));
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void parse(String line) {
        try {
            lines.add(JSON.readTree(line));
        } catch (IOException e) {
            lines.add(JSON.createObjectNode().put("unparsed", line));
        }
    }

    String log() {
        return tail(process.stderr());
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    @Override
    public void close() {
        process.close();
    }

    /** What one client saw. */
    record ClientRecord(int id, String topic, String transport, List<Integer> ns, List<Long> offsets,
                        List<JsonNode> joins, int opens, List<Integer> closes, List<Long> recoverMs, boolean stalled,
                        long lagP99) {
        static ClientRecord from(JsonNode node) {
            List<Integer> ns = new ArrayList<>();
            node.get("ns").forEach(n -> ns.add(n.isNull() ? null : n.asInt()));
            List<Long> offsets = new ArrayList<>();
            node.get("offsets").forEach(o -> offsets.add(o.isNull() ? null : o.asLong()));
            List<JsonNode> joins = new ArrayList<>();
            node.get("joins").forEach(joins::add);
            List<Integer> closes = new ArrayList<>();
            node.get("closes").forEach(code -> closes.add(code.asInt()));
            List<Long> recoverMs = new ArrayList<>();
            node.get("recoverMs").forEach(ms -> recoverMs.add(ms.asLong()));
            return new ClientRecord(node.get("id").asInt(), node.get("topic").asText(), node.get("transport").asText(),
                    ns, offsets, joins, node.get("opens").asInt(), closes, recoverMs, node.get("stalled").asBoolean(),
                    node.get("lagP99").asLong());
        }

        /** Rejoins that recovered everything (the first join has nothing to recover). */
        long recoveries() {
            return joins.stream().skip(1).filter(j -> j.path("recovered").asBoolean()).count();
        }

        long replayed() {
            return joins.stream().mapToLong(j -> j.path("replayed").asLong()).sum();
        }

        List<JsonNode> unrecovered() {
            return joins.stream().filter(j -> !j.path("recovered").asBoolean()).toList();
        }
    }
}
