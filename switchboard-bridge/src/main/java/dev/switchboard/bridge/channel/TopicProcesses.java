package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.ChildProcess;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.socket.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The per-topic programs of one {@link ChannelBridge} on this node: which topics have one, who is
 * subscribed, grace periods, and (in a cluster) which node runs each. One lock guards it all:
 * joins and leaves are rare next to messages, and starting a program under it keeps "first
 * subscriber starts it" exact.
 */
final class TopicProcesses {
    /** Cluster bus kind: a client push for a topic whose program runs on another node. */
    static final String FORWARD_KIND = "switchboard.bridge.stdin";

    private final Bridges bridges;
    private final ChannelBridge bridge;
    private final Map<String, TopicProcess> topics = new HashMap<>();

    TopicProcesses(Bridges bridges, ChannelBridge bridge) {
        this.bridges = bridges;
        this.bridge = bridge;
    }

    Bridges bridges() {
        return bridges;
    }

    ChannelBridge bridge() {
        return bridge;
    }

    ScheduledExecutorService timer() {
        return bridges.timer();
    }

    synchronized int size() {
        return topics.size();
    }

    /** Subscribes {@code member}; null when admitted, else the refusal to answer the join with. */
    Bridges.Refused join(String topic, ChannelContext member) {
        Endpoint endpoint = bridges.awaitEndpoint();
        if (endpoint == null) {
            bridges.metrics().refused(Refusal.NOT_ATTACHED);
            return new Bridges.Refused(Refusal.NOT_ATTACHED, "the bridge is not attached to a server yet");
        }
        synchronized (this) {
            TopicProcess tp = topics.get(topic);
            if (tp == null) {
                TopicOwnership ownership = endpoint.bus().standalone() ? null
                        : new TopicOwnership(endpoint.presence(), endpoint.nodeId(), topic);
                tp = new TopicProcess(this, bridge, topic, endpoint, ownership);
                topics.put(topic, tp);
            }
            Bridges.Refused refused = tp.admit(member);
            if (refused != null && tp.idle()) {
                topics.remove(topic);
                tp.shutDown();
            }
            return refused;
        }
    }

    synchronized void leave(String topic, ChannelContext member) {
        TopicProcess tp = topics.get(topic);
        if (tp != null) {
            tp.remove(member);
        }
    }

    /** The grace period after the last subscriber left is over: stop, unless someone came back. */
    synchronized void graceOver(TopicProcess tp) {
        if (tp.idle() && topics.get(tp.topic()) == tp) {
            topics.remove(tp.topic());
            tp.shutDown();
        }
    }

    synchronized void reconcile(TopicProcess tp) {
        if (topics.get(tp.topic()) == tp) {
            tp.reconcile();
        }
    }

    synchronized void exited(TopicProcess tp, ChildProcess which, int status) {
        if (tp.exited(which, status)) {
            topics.remove(tp.topic(), tp);
        }
    }

    /**
     * Writes a client push to the topic's program: here when it runs here, else forwarded over the
     * cluster bus to the node that runs it. Null when written (or sent), else why not.
     */
    String input(String topic, byte[] line) {
        TopicProcess tp;
        ChildProcess child;
        synchronized (this) {
            tp = topics.get(topic);
            child = tp == null ? null : tp.child();
        }
        if (child != null) {
            return offer(child, line);
        }
        Endpoint endpoint = bridges.awaitEndpoint();
        String leader = tp == null || endpoint == null ? null : leaderOf(endpoint, topic);
        if (leader == null || leader.equals(endpoint.nodeId())) {
            return "no program is running for " + topic + " right now";
        }
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + topicBytes.length + line.length];
        body[0] = (byte) (topicBytes.length >>> 8);
        body[1] = (byte) topicBytes.length;
        System.arraycopy(topicBytes, 0, body, 2, topicBytes.length);
        System.arraycopy(line, 0, body, 2 + topicBytes.length, line.length);
        CompletableFuture<Boolean> sent = endpoint.bus().send(leader, FORWARD_KIND, body);
        try {
            return Boolean.TRUE.equals(sent.get(2, java.util.concurrent.TimeUnit.SECONDS)) ? null
                    : "the node running the program for " + topic + " is not reachable";
        } catch (Exception e) {
            return "the node running the program for " + topic + " is not reachable";
        }
    }

    private static String leaderOf(Endpoint endpoint, String topic) {
        return new TopicOwnership(endpoint.presence(), endpoint.nodeId(), topic).leader();
    }

    private String offer(ChildProcess child, byte[] line) {
        if (child.offer(line)) {
            bridges.metrics().lineIn();
            return null;
        }
        Refusal reason = child.stdinOpen() ? Refusal.STDIN_FULL : Refusal.STDIN_CLOSED;
        bridges.metrics().refused(reason);
        return reason == Refusal.STDIN_FULL ? "the program's input queue is full" : "the program has closed its input";
    }

    /** Receives pushes forwarded by other nodes to the programs running here. */
    static void listenForForwardedInput(Endpoint endpoint, Bridges bridges) {
        if (endpoint.bus().standalone()) {
            return;
        }
        endpoint.bus().handle(FORWARD_KIND, (from, body) -> {
            if (body.length < 2) {
                return;
            }
            int n = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
            if (body.length < 2 + n) {
                return;
            }
            String topic = new String(body, 2, n, StandardCharsets.UTF_8);
            byte[] line = java.util.Arrays.copyOfRange(body, 2 + n, body.length);
            TopicProcesses processes = bridges.topicsOf(topic);
            if (processes != null) {
                processes.forwarded(topic, line);
            }
        });
    }

    private void forwarded(String topic, byte[] line) {
        ChildProcess child;
        synchronized (this) {
            TopicProcess tp = topics.get(topic);
            child = tp == null ? null : tp.child();
        }
        if (child != null) {
            offer(child, line);
        }
    }

    synchronized void close() {
        for (TopicProcess tp : List.copyOf(topics.values())) {
            tp.shutDown();
        }
        topics.clear();
    }
}
