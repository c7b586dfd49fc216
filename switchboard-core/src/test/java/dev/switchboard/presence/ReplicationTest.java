package dev.switchboard.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.exec.Ticker;
import dev.switchboard.pubsub.InMemoryPubSub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence across nodes over an in-process bus: deltas, snapshots on a gap or for a new node,
 * node down after the timeout, resync after a reconnect, goodbye on shutdown.
 */
class ReplicationTest {
    private static final String TOPIC = "room:cluster";
    /** Short enough to keep the suite fast; the rules are the same as with the defaults. */
    private static final PresenceOptions FAST = new PresenceOptions(
            Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMillis(400));

    private final LocalCluster cluster = new LocalCluster();
    private final List<PresenceTracker> trackers = new ArrayList<>();

    private record Node(PresenceTracker tracker, DiffRecorder observer) {}

    private Node node(String id, PresenceOptions options) {
        InMemoryPubSub pubsub = new InMemoryPubSub();
        DiffRecorder observer = DiffRecorder.on(pubsub, TOPIC);
        PresenceTracker tracker = PresenceTracker.start(pubsub, cluster.bus(id), options);
        trackers.add(tracker);
        return new Node(tracker, observer);
    }

    private Node node(String id) {
        return node(id, FAST);
    }

    @AfterEach
    void stop() {
        trackers.forEach(PresenceTracker::close);
        cluster.close();
    }

    @Test
    void aPresenceTrackedOnOneNodeIsListedAndDiffedOnTheOthers() {
        Node a = node("a");
        Node b = node("b");
        Object owner = new Object();

        String ref = a.tracker().track(owner, TOPIC, "42", Map.of("device", "web"));

        await().untilAsserted(() -> assertThat(b.tracker().list(TOPIC).counts()).isEqualTo(Map.of("42", 1)));
        assertThat(b.tracker().list(TOPIC).metas("42").get(0).get("phx_ref").asText()).isEqualTo(ref);
        await().untilAsserted(() -> assertThat(b.observer().seen()).isEqualTo(Map.of("42", 1)));

        a.tracker().untrack(owner, TOPIC, "42");

        await().untilAsserted(() -> assertThat(b.tracker().list(TOPIC).isEmpty()).isTrue());
        await().untilAsserted(() -> assertThat(b.observer().seen()).isEmpty());
    }

    @Test
    void anUpdateReachesTheOtherNodesAsOneDiff() {
        Node a = node("a");
        Node b = node("b");
        Object owner = new Object();
        String first = a.tracker().track(owner, TOPIC, "42", Map.of("status", "here"));
        await().until(() -> b.observer().joinCount() == 1);

        String second = a.tracker().update(owner, TOPIC, "42", Map.of("status", "away"));

        await().until(() -> b.observer().diffCount() == 2);
        JsonNode diff = b.observer().diffs().get(1);
        assertThat(diff.path("joins").path("42").path("metas").get(0).get("phx_ref_prev").asText()).isEqualTo(first);
        assertThat(diff.path("joins").path("42").path("metas").get(0).get("phx_ref").asText()).isEqualTo(second);
        assertThat(diff.path("leaves").path("42").path("metas").get(0).get("phx_ref").asText()).isEqualTo(first);
    }

    @Test
    void everyNodeListsTheSameMergedStateAndEachClientSeesEachChangeOnce() {
        List<Node> nodes = List.of(node("a"), node("b"), node("c"));
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).tracker().track(new Object(), TOPIC, "shared", Map.of("node", i));
            nodes.get(i).tracker().track(new Object(), TOPIC, "only-" + i, Map.of());
        }
        Map<String, Integer> expected = Map.of("shared", 3, "only-0", 1, "only-1", 1, "only-2", 1);

        for (Node n : nodes) {
            await().untilAsserted(() -> assertThat(n.tracker().list(TOPIC).counts()).isEqualTo(expected));
            await().untilAsserted(() -> assertThat(n.observer().seen()).isEqualTo(expected));
            assertThat(n.observer().joinCount()).as("joins seen by one node's clients").isEqualTo(6);
        }
    }

    @Test
    void aNodeThatStartsLaterGetsASnapshotOfTheOthers() {
        Node a = node("a");
        for (int i = 0; i < 3; i++) {
            a.tracker().track(new Object(), TOPIC, "early-" + i, Map.of());
        }

        Node late = node("late");

        await().untilAsserted(() -> assertThat(late.tracker().list(TOPIC).size()).isEqualTo(3));
        await().untilAsserted(() -> assertThat(late.observer().seen()).hasSize(3));
    }

    @Test
    void aLostDeltaIsNoticedByTheSequenceGapAndRepairedWithASnapshot() {
        Node a = node("a");
        Node b = node("b");
        a.tracker().track(new Object(), TOPIC, "first", Map.of());
        await().until(() -> b.tracker().list(TOPIC).size() == 1);

        AtomicBoolean dropped = new AtomicBoolean();
        cluster.dropWhen((from, body) -> from.equals("a") && body.contains("\"delta\"") && dropped.compareAndSet(false, true));
        a.tracker().track(new Object(), TOPIC, "lost", Map.of());
        await().untilTrue(dropped);

        await().untilAsserted(() -> assertThat(b.tracker().list(TOPIC).keys()).containsExactlyInAnyOrder("first", "lost"));
        await().untilAsserted(() -> assertThat(b.observer().seen()).isEqualTo(Map.of("first", 1, "lost", 1)));
    }

    @Test
    void aNodeNotHeardFromWithinTheDownTimeoutIsDeclaredDownAndItsPresencesLeave() {
        Node a = node("a");
        Node b = node("b");
        a.tracker().track(new Object(), TOPIC, "ghost", Map.of());
        await().until(() -> b.observer().seen().equals(Map.of("ghost", 1)));

        cluster.cutOff("a");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(b.tracker().list(TOPIC).isEmpty()).isTrue());
        await().untilAsserted(() -> assertThat(b.observer().seen()).isEmpty());
        assertThat(b.observer().leaveCount()).isEqualTo(1);
    }

    @Test
    void silenceIsMeasuredWithTheTickerTheTrackerWasGiven() {
        // A down timeout of ten minutes on the system clock; the ticker passes it in one step.
        PresenceOptions patient = FAST.withDownTimeout(Duration.ofMinutes(10));
        AtomicLong now = new AtomicLong(1_000);
        Ticker ticker = now::get;
        ScheduledExecutorService timerA = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService timerB = Executors.newSingleThreadScheduledExecutor();
        try {
            PresenceTracker a = PresenceTracker.start(new InMemoryPubSub(), cluster.bus("a"), patient, timerA, ticker);
            PresenceTracker b = PresenceTracker.start(new InMemoryPubSub(), cluster.bus("b"), patient, timerB, ticker);
            trackers.add(a);
            trackers.add(b);
            a.track(new Object(), TOPIC, "ghost", Map.of());
            await().until(() -> b.list(TOPIC).size() == 1);

            cluster.cutOff("a");

            // A heartbeat of a's still in flight at the cut may be stamped after a first jump, so
            // the ticker jumps past the timeout again before each look.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                now.addAndGet(Duration.ofMinutes(10).plusSeconds(1).toNanos());
                assertThat(b.list(TOPIC).isEmpty()).isTrue();
            });
        } finally {
            timerA.shutdownNow();
            timerB.shutdownNow();
        }
    }

    @Test
    void afterAReconnectBothSidesGetEachOthersPresencesBack() {
        Node a = node("a");
        Node b = node("b");
        a.tracker().track(new Object(), TOPIC, "from-a", Map.of());
        b.tracker().track(new Object(), TOPIC, "from-b", Map.of());
        Map<String, Integer> both = Map.of("from-a", 1, "from-b", 1);
        await().until(() -> a.observer().seen().equals(both) && b.observer().seen().equals(both));

        cluster.cutOff("a");
        // Changed while cut off: the delta is lost, and both sides declare the other down.
        a.tracker().track(new Object(), TOPIC, "during-outage", Map.of());
        await().until(() -> b.tracker().list(TOPIC).counts().equals(Map.of("from-b", 1)));
        await().until(() -> !a.tracker().list(TOPIC).keys().contains("from-b"));

        cluster.reconnect("a");

        Map<String, Integer> all = Map.of("from-a", 1, "from-b", 1, "during-outage", 1);
        await().untilAsserted(() -> assertThat(b.tracker().list(TOPIC).counts()).isEqualTo(all));
        await().untilAsserted(() -> assertThat(a.tracker().list(TOPIC).counts()).isEqualTo(all));
        await().untilAsserted(() -> assertThat(a.observer().seen()).isEqualTo(all));
        await().untilAsserted(() -> assertThat(b.observer().seen()).isEqualTo(all));
    }

    @Test
    void aNodeThatShutsDownSaysGoodbyeAndItsPresencesLeaveWithoutWaitingForTheTimeout() {
        PresenceOptions slowDown = FAST.withDownTimeout(Duration.ofMinutes(10));
        Node a = node("a", slowDown);
        Node b = node("b", slowDown);
        a.tracker().track(new Object(), TOPIC, "leaving", Map.of());
        await().until(() -> b.tracker().list(TOPIC).size() == 1);

        a.tracker().close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(b.tracker().list(TOPIC).isEmpty()).isTrue());
    }

    @Test
    void aRestartedNodeWithTheSameIdReplacesItsOldPresences() {
        Node a = node("a");
        Node b = node("b");
        a.tracker().track(new Object(), TOPIC, "before-restart", Map.of());
        await().until(() -> b.tracker().list(TOPIC).size() == 1);

        cluster.cutOff("a"); // dies without a goodbye
        Node restarted = node("a"); // same id, new incarnation
        restarted.tracker().track(new Object(), TOPIC, "after-restart", Map.of());

        await().untilAsserted(() -> assertThat(b.tracker().list(TOPIC).counts()).isEqualTo(Map.of("after-restart", 1)));
        await().untilAsserted(() -> assertThat(b.observer().seen()).isEqualTo(Map.of("after-restart", 1)));
    }

    @Test
    void aStandaloneNodeSendsNothing() {
        AtomicInteger messages = new AtomicInteger();
        ClusterBus counting = new ClusterBus() {
            @Override
            public String nodeId() {
                return "solo";
            }

            @Override
            public CompletableFuture<Boolean> send(String nodeId, String kind, byte[] body) {
                messages.incrementAndGet();
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public CompletableFuture<Void> broadcast(String kind, byte[] body) {
                messages.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void handle(String kind, Handler handler) {
                messages.incrementAndGet();
            }

            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public void onReconnect(Runnable listener) {
                messages.incrementAndGet();
            }

            @Override
            public boolean standalone() {
                return true;
            }
        };
        InMemoryPubSub pubsub = new InMemoryPubSub();
        DiffRecorder observer = DiffRecorder.on(pubsub, TOPIC);
        try (PresenceTracker solo = PresenceTracker.start(pubsub, counting, FAST)) {
            solo.track(new Object(), TOPIC, "42", Map.of());
            await().until(() -> observer.joinCount() == 1);
        }
        assertThat(messages.get()).as("bus calls").isZero();
    }
}
