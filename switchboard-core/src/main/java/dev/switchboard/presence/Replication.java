package dev.switchboard.presence;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.exec.Ticker;
import dev.switchboard.presence.ReplicationMessage.Change;
import dev.switchboard.presence.ReplicationMessage.Type;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence replication between nodes over the {@link ClusterBus} (kind {@value ReplicationMessage#KIND};
 * messages in {@link ReplicationMessage}).
 *
 * <h2>Sending (this node's entries)</h2>
 * Local changes wait in an outbox for one batch window, then go to every node as one
 * {@code delta} numbered with this node's next sequence number. A {@code hb} heartbeat with the
 * current number follows every {@link PresenceOptions#heartbeatInterval()}. A {@code sync}
 * request is answered with a {@code state} snapshot of every local entry. Everything is sent from
 * the tracker's single presence thread, so deltas leave in sequence order and a snapshot is never
 * older than a delta sent before it.
 *
 * <h2>Receiving (replicas of each other node)</h2>
 * Per remote node: its epoch, the last sequence number applied, when it was last heard.
 * <ul>
 *   <li>delta {@code seq = last + 1}: applied. Older: ignored. A gap, or a node not known yet
 *       (unless its first delta, {@code seq = 1}): a {@code sync} is sent to that node and its
 *       snapshot replaces all of its replicas (only differences become diffs).</li>
 *   <li>heartbeat whose {@code seq} differs from the last applied: the same snapshot request
 *       (a lost last delta is noticed within one heartbeat). Requests to one node are repeated at
 *       most once per heartbeat interval while its snapshot is missing.</li>
 *   <li>a new epoch for a known node id (restart): its old replicas are dropped first.</li>
 *   <li>not heard from for {@link PresenceOptions#downTimeout()}: declared down, its replicas are
 *       removed (leave diffs on this node); if it comes back it is a new node (snapshot).</li>
 *   <li>{@code bye}: removed at once (graceful shutdown).</li>
 * </ul>
 * Applying is idempotent (a join of a ref already present and a leave of an absent ref change
 * nothing), so a delta that repeats what a snapshot already held is harmless, and messages
 * reordered between the node's private channel and the broadcast channel still converge.
 *
 * <p>On start and on every {@link ClusterBus#onReconnect} a {@code sync} goes to all nodes, so
 * this node gets everyone's snapshot; the others notice this node's own missed deltas by the gap
 * in its sequence.
 *
 * <p><b>Confinement:</b> the sending side (sequence, outbox drain) runs only on the presence
 * thread; the per-node receiving state is guarded by this object's monitor, which is taken
 * before (never after) a topic's lock.
 */
final class Replication {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    /** How long close() waits for the bye to leave. */
    private static final long BYE_WAIT_MILLIS = 1000;

    private final PresenceTracker tracker;
    private final ClusterBus bus;
    private final PresenceOptions options;
    private final ScheduledExecutorService thread;
    /** How silence is measured: the endpoint's clock, so a test can run it forward. */
    private final Ticker ticker;
    private final String epoch = randomEpoch();

    private final ConcurrentLinkedQueue<Change> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sendScheduled = new AtomicBoolean();
    /** Presence thread only. */
    private long seq;

    /** Guarded by {@code this}. */
    private final Map<String, RemoteNode> nodes = new HashMap<>();
    private volatile boolean closed;

    /** What this node knows about one other node. */
    private static final class RemoteNode {
        final String epoch;
        /** Last sequence number applied; -1 until known (first delta or snapshot). */
        long seq = -1;
        long lastHeard;
        /** A snapshot was requested and has not arrived. */
        boolean snapshotOutstanding;
        /** When it was requested (ticker time). */
        long snapshotRequestedAt;

        RemoteNode(String epoch) {
            this.epoch = epoch;
        }
    }

    Replication(PresenceTracker tracker, ClusterBus bus, PresenceOptions options, ScheduledExecutorService thread,
                Ticker ticker) {
        this.tracker = tracker;
        this.bus = bus;
        this.options = options;
        this.thread = thread;
        this.ticker = ticker;
    }

    void start() {
        bus.handle(ReplicationMessage.KIND, this::onMessage);
        bus.onReconnect(() -> onThread(this::announce));
        long hb = options.heartbeatInterval().toNanos();
        thread.scheduleAtFixedRate(guarded(this::tick), hb, hb, TimeUnit.NANOSECONDS);
        onThread(this::announce);
    }

    /** A local change; sent with the others of its batch window. Called holding the topic's lock. */
    void local(Change change) {
        outbox.add(change);
        if (sendScheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(guarded(this::sendDeltas), options.batchWindow().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // closing: the bye tells the others
            }
        }
    }

    void close() {
        closed = true;
        try {
            bus.broadcast(ReplicationMessage.KIND, ReplicationMessage.bye(epoch)).get(BYE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Presence bye not confirmed: {}", e.toString());
        }
    }

    // ---- sending: presence thread ----

    private void announce() {
        sendDeltas();
        broadcast(ReplicationMessage.heartbeat(epoch, seq));
        broadcast(ReplicationMessage.sync(epoch));
    }

    private void tick() {
        sendDeltas();
        broadcast(ReplicationMessage.heartbeat(epoch, seq));
        declareSilentNodesDown();
    }

    private void sendDeltas() {
        sendScheduled.set(false);
        List<Change> changes = new ArrayList<>();
        Change c;
        while ((c = outbox.poll()) != null) {
            changes.add(c);
        }
        if (!changes.isEmpty()) {
            seq++;
            // Sent even while the bus is down: the number is used up, and the gap makes the
            // others ask for a snapshot once they hear from this node again.
            broadcast(ReplicationMessage.delta(epoch, seq, changes));
        }
    }

    private void sendSnapshot(String node) {
        sendDeltas();
        List<PresenceEntry> entries = tracker.localEntries();
        bus.send(node, ReplicationMessage.KIND, ReplicationMessage.state(epoch, seq, entries))
                .whenComplete((reached, e) -> {
                    if (e != null) {
                        log.debug("Presence snapshot for {} not sent: {}", node, e.toString());
                    }
                });
    }

    private void broadcast(byte[] body) {
        if (closed) {
            return;
        }
        bus.broadcast(ReplicationMessage.KIND, body).whenComplete((v, e) -> {
            if (e != null) {
                log.debug("Presence message not sent (bus unavailable): {}", e.toString());
            }
        });
    }

    private void declareSilentNodesDown() {
        long now = ticker.nanoTime();
        long timeout = options.downTimeout().toNanos();
        synchronized (this) {
            for (Iterator<Map.Entry<String, RemoteNode>> it = nodes.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, RemoteNode> e = it.next();
                if (now - e.getValue().lastHeard > timeout) {
                    log.info("Presence: node {} not heard from for {}; removing its presences", e.getKey(), options.downTimeout());
                    it.remove();
                    dropNode(e.getKey());
                }
            }
        }
    }

    // ---- receiving: bus thread ----

    private void onMessage(String from, byte[] body) {
        if (closed || from.equals(tracker.nodeId())) {
            return;
        }
        ReplicationMessage m;
        try {
            m = ReplicationMessage.decode(from, body);
        } catch (RuntimeException e) {
            log.warn("Dropping a malformed presence message from node {}: {}", from, e.getMessage());
            return;
        }
        if (m.type() == Type.SYNC) {
            onThread(() -> sendSnapshot(from));
        }
        synchronized (this) {
            receive(from, m);
        }
    }

    private void receive(String from, ReplicationMessage m) {
        RemoteNode node = nodes.get(from);
        if (m.type() == Type.BYE) {
            if (node != null && node.epoch.equals(m.epoch())) {
                log.info("Presence: node {} shut down; removing its presences", from);
                nodes.remove(from);
                dropNode(from);
            }
            return;
        }
        if (node == null || !node.epoch.equals(m.epoch())) {
            if (node != null) {
                log.info("Presence: node {} restarted; replacing its presences", from);
                dropNode(from);
            }
            node = new RemoteNode(m.epoch());
            nodes.put(from, node);
        }
        node.lastHeard = ticker.nanoTime();
        switch (m.type()) {
            case HEARTBEAT -> {
                if (node.seq < 0 && m.seq() == 0) {
                    node.seq = 0; // a node that never changed anything: nothing to fetch
                } else if (m.seq() != node.seq) {
                    requestSnapshot(from, node);
                }
            }
            case DELTA -> {
                if (m.seq() == node.seq + 1 || (node.seq < 0 && m.seq() == 1)) {
                    apply(from, m.changes());
                    node.seq = m.seq();
                } else if (node.seq < 0 || m.seq() > node.seq + 1) {
                    requestSnapshot(from, node);
                } // else: older than what we have, already applied
            }
            case STATE -> {
                if (m.seq() >= node.seq) {
                    replaceNode(from, m.changes());
                    node.seq = m.seq();
                    node.snapshotOutstanding = false;
                }
            }
            default -> { } // SYNC: answered above
        }
    }

    private void requestSnapshot(String from, RemoteNode node) {
        long now = ticker.nanoTime();
        if (node.snapshotOutstanding && now - node.snapshotRequestedAt < options.heartbeatInterval().toNanos()) {
            return;
        }
        node.snapshotOutstanding = true;
        node.snapshotRequestedAt = now;
        bus.send(from, ReplicationMessage.KIND, ReplicationMessage.sync(epoch)).whenComplete((reached, e) -> {
            if (e != null || !Boolean.TRUE.equals(reached)) {
                log.debug("Presence snapshot request to {} not delivered", from);
            }
        });
    }

    private void apply(String from, List<Change> changes) {
        Map<String, List<Change>> byTopic = new LinkedHashMap<>();
        for (Change c : changes) {
            byTopic.computeIfAbsent(c.entry().topic(), t -> new ArrayList<>()).add(c);
        }
        byTopic.forEach((topic, list) -> tracker.withTopic(topic, tp -> {
            // One lock for all of a topic's changes in this delta: an update's leave and join
            // land in the same diff.
            for (Change c : list) {
                if (c.join()) {
                    tp.addRemote(c.entry());
                } else {
                    tp.removeRemote(from, c.entry().ref());
                }
            }
            tracker.changed(tp);
            return null;
        }));
    }

    private void replaceNode(String from, List<Change> snapshot) {
        Map<String, Map<String, PresenceEntry>> byTopic = new LinkedHashMap<>();
        for (Change c : snapshot) {
            byTopic.computeIfAbsent(c.entry().topic(), t -> new LinkedHashMap<>()).put(c.entry().ref(), c.entry());
        }
        for (TopicPresence tp : tracker.topics()) {
            if (!byTopic.containsKey(tp.topic)) {
                tracker.withTopic(tp.topic, t -> {
                    t.dropNode(from);
                    tracker.changed(t);
                    return null;
                });
            }
        }
        byTopic.forEach((topic, entries) -> tracker.withTopic(topic, tp -> {
            tp.replaceNode(from, entries);
            tracker.changed(tp);
            return null;
        }));
    }

    private void dropNode(String node) {
        for (TopicPresence tp : tracker.topics()) {
            tracker.withTopic(tp.topic, t -> {
                t.dropNode(node);
                tracker.changed(t);
                return null;
            });
        }
    }

    // ----

    /** Known remote nodes (for tests and diagnostics). */
    synchronized List<String> knownNodes() {
        return new ArrayList<>(nodes.keySet());
    }

    private void onThread(Runnable task) {
        if (closed) {
            return;
        }
        try {
            thread.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again: log and carry on.
                log.error("Presence replication task failed", e);
            }
        };
    }

    private static String randomEpoch() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
