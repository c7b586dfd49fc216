package dev.switchboard.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.exec.Ticker;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.pubsub.PubSub;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's presence tracker: who is on which topic, across the cluster. Channels use it through
 * {@link Presence} ({@code ctx.presence()}); one tracker per {@link dev.switchboard.socket.Endpoint}
 * ({@code endpoint.presence()}), created from its PubSub and cluster bus.
 *
 * <h2>Model</h2>
 * An entry is (topic, key, owner) → meta, owned by the node where it was tracked. Each node keeps
 * its own entries and replicas of the other nodes' entries; a node's entries are only ever changed
 * by that node, so replicas never conflict. {@link #list} merges both.
 *
 * <h2>Diffs</h2>
 * Changes to a topic are collected for {@link PresenceOptions#batchWindow()} and then go out as
 * one {@code presence_diff}, coalesced (see {@link PendingDiff}), with
 * {@link PubSub#publishLocal}: every node turns its own and its replicated changes into diffs for
 * its own subscribers, so each client sees each change once (spec §6.3). Diffs of one topic are
 * published in the order the changes were made.
 *
 * <h2>Threading</h2>
 * All methods are thread-safe. The state of each topic is confined by that topic's lock
 * ({@link TopicPresence}): channels on different workers or event loops tracking on different
 * topics never contend, and no lock is held across topics. One daemon thread per tracker
 * ({@code switchboard-presence-NODE}) flushes diffs and, in a cluster, sends replication messages
 * and heartbeats; {@link #start(PubSub, ClusterBus, PresenceOptions, ScheduledExecutorService, Ticker)}
 * runs that work on a timer of the caller's instead (a test's virtual clock). Nothing here blocks
 * on I/O; a publish only queues tasks onto event loops.
 *
 * <h2>Cluster</h2>
 * See {@link Replication}. With {@link ClusterBus#standalone} no replication runs at all.
 */
public final class PresenceTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

    private final PubSub pubsub;
    private final String nodeId;
    private final PresenceOptions options;
    private final PhxRefs refs = new PhxRefs();
    private final ConcurrentHashMap<String, TopicPresence> topics = new ConcurrentHashMap<>();
    /** The presence thread: flushes, replication. Runs one task at a time. */
    private final ScheduledExecutorService scheduler;
    /** True when the scheduler is the tracker's own thread, shut down with it. */
    private final boolean ownsScheduler;
    private final Replication replication;
    private volatile boolean closed;

    private PresenceTracker(PubSub pubsub, ClusterBus bus, PresenceOptions options, ScheduledExecutorService timer,
                            Ticker ticker) {
        this.pubsub = Objects.requireNonNull(pubsub, "pubsub");
        this.nodeId = bus.nodeId();
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ticker, "ticker");
        this.ownsScheduler = timer == null;
        this.scheduler = timer != null ? timer : ownThread(nodeId);
        this.replication = bus.standalone() ? null : new Replication(this, bus, options, scheduler, ticker);
    }

    /**
     * A tracker for one node: diffs go to {@code pubsub}'s local subscribers, replication over
     * {@code bus}. It times its batches and heartbeats on a daemon thread of its own, stopped by
     * {@link #close()}, with the system clock.
     */
    public static PresenceTracker start(PubSub pubsub, ClusterBus bus, PresenceOptions options) {
        return start(new PresenceTracker(pubsub, bus, options, null, Ticker.SYSTEM));
    }

    /**
     * A tracker like {@link #start(PubSub, ClusterBus, PresenceOptions)} whose timed work — diff
     * batches, replication deltas and heartbeats — runs on {@code timer}, and which measures how
     * long another node has been silent with {@code ticker}. A test hands both from one virtual
     * clock, so a batch window or a down timeout passes when the test moves time forward, not by
     * sleeping.
     *
     * @param timer must run its tasks one at a time (replication is confined to that "presence
     *              thread"); the caller owns it: {@link #close()} does not shut it down
     */
    public static PresenceTracker start(PubSub pubsub, ClusterBus bus, PresenceOptions options,
                                        ScheduledExecutorService timer, Ticker ticker) {
        return start(new PresenceTracker(pubsub, bus, options, Objects.requireNonNull(timer, "timer"), ticker));
    }

    private static PresenceTracker start(PresenceTracker tracker) {
        if (tracker.replication != null) {
            tracker.replication.start();
        }
        return tracker;
    }

    private static ScheduledExecutorService ownThread(String nodeId) {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "switchboard-presence-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        return thread;
    }

    public String nodeId() {
        return nodeId;
    }

    public PresenceOptions options() {
        return options;
    }

    /**
     * The other nodes whose replication heartbeats this node hears now (a node silent past the
     * down timeout, or one that said goodbye, is gone from the list); empty on a standalone node.
     */
    public java.util.List<String> knownNodes() {
        return replication == null ? java.util.List.of() : replication.knownNodes();
    }

    /** Presence for one channel instance, pushing {@code presence_state} with {@code push}. */
    public ChannelPresence forChannel(String topic, java.util.function.BiConsumer<String, Object> push) {
        return new ChannelPresence(this, Objects.requireNonNull(topic, "topic"), push);
    }

    /**
     * Tracks {@code key} on {@code topic} for {@code owner} (any object; compared by identity of
     * {@code equals}); returns the new entry's {@code phx_ref}.
     *
     * @throws AlreadyTrackedException when {@code owner} already tracks {@code key} on {@code topic}
     * @throws IllegalArgumentException when the key is null or empty, or the meta is not a JSON object
     */
    public String track(Object owner, String topic, String key, Object meta) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(topic, "topic");
        requireKey(key);
        ObjectNode m = metaOf(meta);
        String ref = refs.next();
        m.put("phx_ref", ref);
        PresenceEntry entry = new PresenceEntry(nodeId, topic, key, ref, m);
        return withTopic(topic, tp -> {
            if (tp.local(owner, key) != null) {
                throw new AlreadyTrackedException(topic, key);
            }
            tp.addLocal(owner, entry);
            replicate(true, entry);
            changed(tp);
            return ref;
        });
    }

    /**
     * Replaces the meta of {@code owner}'s entry for {@code key}; returns the new {@code phx_ref}.
     * The new meta carries {@code phx_ref_prev}; the next diff has it in joins and the old meta in
     * leaves.
     *
     * @throws IllegalStateException when {@code owner} does not track {@code key} on {@code topic}
     */
    public String update(Object owner, String topic, String key, Object meta) {
        Objects.requireNonNull(owner, "owner");
        requireKey(key);
        ObjectNode m = metaOf(meta);
        String ref = refs.next();
        m.put("phx_ref", ref);
        return withTopic(topic, tp -> {
            PresenceEntry old = tp.local(owner, key);
            if (old == null) {
                throw new IllegalStateException("key \"" + key + "\" is not tracked on " + topic + " by this owner; track() it first");
            }
            m.put("phx_ref_prev", old.ref());
            PresenceEntry entry = new PresenceEntry(nodeId, topic, key, ref, m);
            tp.removeLocal(owner, key);
            tp.addLocal(owner, entry);
            replicate(false, old);
            replicate(true, entry);
            changed(tp);
            return ref;
        });
    }

    /** Stops tracking {@code owner}'s {@code key} on {@code topic}; false when it was not tracked. */
    public boolean untrack(Object owner, String topic, String key) {
        TopicPresence existing = topics.get(topic);
        if (existing == null || key == null) {
            return false;
        }
        return withTopic(topic, tp -> {
            PresenceEntry old = tp.removeLocal(owner, key);
            if (old == null) {
                return false;
            }
            replicate(false, old);
            changed(tp);
            return true;
        });
    }

    /** Untracks every key {@code owner} tracks on {@code topic}; returns how many there were. */
    public int untrackAll(Object owner, String topic) {
        if (topics.get(topic) == null) {
            return 0;
        }
        return withTopic(topic, tp -> {
            List<PresenceEntry> removed = tp.removeOwner(owner);
            removed.forEach(e -> replicate(false, e));
            changed(tp);
            return removed.size();
        });
    }

    /** Who is on {@code topic} now, on every node this node knows of. */
    public PresenceState list(String topic) {
        TopicPresence tp = topics.get(topic);
        if (tp == null) {
            return new PresenceState(topic, List.of());
        }
        synchronized (tp) {
            tp.pending.exposed(); // the application may hand it to clients
            return new PresenceState(topic, tp.all());
        }
    }

    /**
     * The state to push to a client that is subscribed to {@code topic}: the same object (rendered
     * once) for every client that asks between two flushes of the topic's diff. During a burst of
     * joins this is one render per batch window instead of one per join, each the size of the
     * whole topic.
     *
     * <p>Why a state that omits changes made since it was built is still exact for the client:
     * the cache is dropped whenever a diff goes out, so every change it omits is still pending,
     * and goes out in a later diff that this client, already subscribed, receives after the state
     * (phoenix.js applies state, then diffs; a join it already has is idempotent by
     * {@code phx_ref}).
     */
    public PresenceState stateForJoiner(String topic) {
        TopicPresence tp = topics.get(topic);
        if (tp == null) {
            return new PresenceState(topic, List.of());
        }
        synchronized (tp) {
            if (tp.forJoiners == null) {
                tp.forJoiners = new PresenceState(topic, tp.all());
                tp.pending.exposed();
            }
            return tp.forJoiners;
        }
    }

    /** Stops the tracker: in a cluster, tells the other nodes to drop this node's entries now. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (replication != null) {
            replication.close();
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    // ---- shared with Replication ----

    /** Runs {@code action} holding the lock of {@code topic}'s state, creating it if needed. */
    <T> T withTopic(String topic, Function<TopicPresence, T> action) {
        while (true) {
            TopicPresence tp = topics.computeIfAbsent(topic, TopicPresence::new);
            synchronized (tp) {
                if (tp.retired) {
                    continue; // forgotten meanwhile: a fresh one is in the map (or will be)
                }
                try {
                    return action.apply(tp);
                } finally {
                    retireIfIdle(tp); // also after a refused change: an empty topic is not kept
                }
            }
        }
    }

    Collection<TopicPresence> topics() {
        return topics.values();
    }

    /** Entries this node owns, on every topic (a snapshot for another node). */
    List<PresenceEntry> localEntries() {
        List<PresenceEntry> out = new ArrayList<>();
        for (TopicPresence tp : topics.values()) {
            synchronized (tp) {
                tp.collectLocal(out);
            }
        }
        return out;
    }

    /** Schedules the flush of {@code tp}'s pending diff. Call holding {@code tp}'s lock. */
    void changed(TopicPresence tp) {
        if (tp.pending.isEmpty() || tp.flushScheduled || closed) {
            return;
        }
        tp.flushScheduled = true;
        try {
            scheduler.schedule(() -> flush(tp), options.batchWindow().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            tp.flushScheduled = false; // closing
        }
    }

    /** Broadcasts the pending diff of a topic to this node's subscribers. On the presence thread. */
    private void flush(TopicPresence tp) {
        synchronized (tp) {
            tp.flushScheduled = false;
            tp.forJoiners = null; // what it omitted goes out now: a client asking from here on needs it in the state
            if (!tp.pending.isEmpty()) {
                JsonPayload diff = tp.pending.toPayload();
                tp.pending.clear();
                try {
                    // Published under the topic lock: diffs of one topic are queued in order.
                    pubsub.publishLocal(new Broadcast(tp.topic, Presence.DIFF_EVENT, diff), null);
                } catch (RuntimeException e) {
                    log.error("Publishing a presence diff on {} failed", tp.topic, e);
                }
            }
            retireIfIdle(tp);
        }
    }

    private void retireIfIdle(TopicPresence tp) {
        if (tp.idle()) {
            tp.retired = true;
            topics.remove(tp.topic, tp);
        }
    }

    private void replicate(boolean join, PresenceEntry entry) {
        if (replication != null) {
            replication.local(new ReplicationMessage.Change(join, entry));
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("presence key must be a non-empty string, got " + (key == null ? "null" : "\"\""));
        }
    }

    /** A private copy of the meta as an object node; rejects anything that is not a JSON object. */
    static ObjectNode metaOf(Object meta) {
        if (meta == null) {
            return Json.MAPPER.createObjectNode();
        }
        if (meta instanceof dev.switchboard.protocol.BinaryPayload) {
            throw new IllegalArgumentException("presence meta must be a JSON object, got a binary payload");
        }
        JsonNode node;
        try {
            node = meta instanceof JsonPayload p ? p.node() : Json.MAPPER.valueToTree(meta);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("presence meta is not serializable to JSON: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("presence meta must be a JSON object (a map, a record or an ObjectNode), got "
                    + (node == null ? "null" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)) + ": " + node);
        }
        return object.deepCopy();
    }
}
