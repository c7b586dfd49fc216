package dev.switchboard.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.exec.Ticker;
import dev.switchboard.protocol.Payload;
import dev.switchboard.pubsub.InMemoryPubSub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One node's tracker: entries, phx_refs, diff rules (spec §6.1–§6.3) and batching. */
class PresenceTrackerTest {
    private static final String TOPIC = "room:lobby";

    private final InMemoryPubSub pubsub = new InMemoryPubSub();
    private final PresenceTracker tracker =
            PresenceTracker.start(pubsub, ClusterBus.standalone("solo"), PresenceOptions.DEFAULTS);
    private final DiffRecorder observer = DiffRecorder.on(pubsub, TOPIC);
    private final Object alice = new Object();
    private final Object bob = new Object();

    @AfterEach
    void close() {
        tracker.close();
    }

    @Test
    void trackGivesTheMetaAPhxRefAndListShowsIt() {
        String ref = tracker.track(alice, TOPIC, "42", Map.of("device", "web"));

        PresenceState state = tracker.list(TOPIC);
        assertThat(state.keys()).containsExactly("42");
        assertThat(state.metas("42")).singleElement().satisfies(meta -> {
            assertThat(meta.get("device").asText()).isEqualTo("web");
            assertThat(meta.get("phx_ref").asText()).isEqualTo(ref);
        });
        assertThat(state.toPayload()).isEqualTo(Payload.parse("{\"42\":{\"metas\":[{\"device\":\"web\",\"phx_ref\":\"" + ref + "\"}]}}"));
    }

    @Test
    void aJoinReachesEverySubscriberAsADiffWithBothMapsPresent() {
        String ref = tracker.track(alice, TOPIC, "42", Map.of("device", "web"));

        await().until(observer::diffCount, n -> n == 1);
        assertThat(observer.diffs().get(0)).isEqualTo(Payload.parse(
                "{\"joins\":{\"42\":{\"metas\":[{\"device\":\"web\",\"phx_ref\":\"" + ref + "\"}]}},\"leaves\":{}}").json());
    }

    @Test
    void oneKeyTrackedByTwoOwnersHasTwoMetas() {
        tracker.track(alice, TOPIC, "42", Map.of("device", "web"));
        tracker.track(bob, TOPIC, "42", Map.of("device", "ios"));

        assertThat(tracker.list(TOPIC).counts()).isEqualTo(Map.of("42", 2));
        await().untilAsserted(() -> assertThat(observer.seen()).isEqualTo(Map.of("42", 2)));
    }

    @Test
    void trackingTheSameKeyTwiceForOneOwnerIsAnError() {
        tracker.track(alice, TOPIC, "42", Map.of());

        assertThatThrownBy(() -> tracker.track(alice, TOPIC, "42", Map.of()))
                .isInstanceOf(AlreadyTrackedException.class)
                .hasMessageContaining("\"42\" is already tracked on room:lobby");
        assertThat(tracker.list(TOPIC).size()).isEqualTo(1);
    }

    @Test
    void metasMustBeJsonObjects() {
        for (Object bad : List.of(List.of(1, 2), "text", 3, Payload.parse("[1]"), Payload.binary(new byte[] {1}))) {
            assertThatThrownBy(() -> tracker.track(alice, TOPIC, "42", bad))
                    .as("meta %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("presence meta must be a JSON object");
        }
        assertThat(tracker.list(TOPIC).isEmpty()).isTrue();
    }

    @Test
    void keysMustBeNonEmpty() {
        assertThatThrownBy(() -> tracker.track(alice, TOPIC, "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> tracker.track(alice, TOPIC, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
    }

    @Test
    void theServerOwnsPhxRefEvenIfTheMetaHasOne() {
        String ref = tracker.track(alice, TOPIC, "42", Map.of("phx_ref", "mine"));

        assertThat(ref).isNotEqualTo("mine");
        assertThat(tracker.list(TOPIC).metas("42").get(0).get("phx_ref").asText()).isEqualTo(ref);
    }

    @Test
    void updateIsOneDiffWithTheNewMetaInJoinsAndTheOldInLeaves() {
        String first = tracker.track(alice, TOPIC, "42", Map.of("status", "here"));
        await().until(observer::diffCount, n -> n == 1);

        String second = tracker.update(alice, TOPIC, "42", Map.of("status", "away"));

        await().until(observer::diffCount, n -> n == 2);
        JsonNode diff = observer.diffs().get(1);
        JsonNode joined = diff.path("joins").path("42").path("metas").get(0);
        assertThat(joined.get("phx_ref").asText()).isEqualTo(second);
        assertThat(joined.get("phx_ref_prev").asText()).isEqualTo(first);
        assertThat(joined.get("status").asText()).isEqualTo("away");
        JsonNode left = diff.path("leaves").path("42").path("metas").get(0);
        assertThat(left.get("phx_ref").asText()).isEqualTo(first);
        assertThat(left.get("status").asText()).isEqualTo("here");
        assertThat(tracker.list(TOPIC).metas("42")).singleElement()
                .satisfies(meta -> assertThat(meta.get("phx_ref").asText()).isEqualTo(second));
    }

    @Test
    void updatingAKeyThatIsNotTrackedIsAnError() {
        assertThatThrownBy(() -> tracker.update(alice, TOPIC, "42", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not tracked");
    }

    @Test
    void untrackSendsTheOldMetaAsALeave() {
        String ref = tracker.track(alice, TOPIC, "42", Map.of());
        await().until(observer::diffCount, n -> n == 1);

        assertThat(tracker.untrack(alice, TOPIC, "42")).isTrue();
        assertThat(tracker.untrack(alice, TOPIC, "42")).as("second untrack").isFalse();

        await().until(observer::diffCount, n -> n == 2);
        assertThat(observer.diffs().get(1)).isEqualTo(Payload.parse(
                "{\"joins\":{},\"leaves\":{\"42\":{\"metas\":[{\"phx_ref\":\"" + ref + "\"}]}}}").json());
        assertThat(tracker.list(TOPIC).isEmpty()).isTrue();
    }

    @Test
    void untrackAllRemovesEveryKeyOfOneOwnerOnly() {
        tracker.track(alice, TOPIC, "a", Map.of());
        tracker.track(alice, TOPIC, "b", Map.of());
        tracker.track(bob, TOPIC, "a", Map.of());

        assertThat(tracker.untrackAll(alice, TOPIC)).isEqualTo(2);

        assertThat(tracker.list(TOPIC).counts()).isEqualTo(Map.of("a", 1));
        await().untilAsserted(() -> assertThat(observer.seen()).isEqualTo(Map.of("a", 1)));
    }

    @Test
    void aBurstOfJoinsBecomesFewDiffs() {
        try (PresenceTracker batched = PresenceTracker.start(pubsub, ClusterBus.standalone("batch"),
                PresenceOptions.DEFAULTS.withBatchWindow(Duration.ofMillis(50)))) {
            DiffRecorder watcher = DiffRecorder.on(pubsub, "room:burst");
            for (int i = 0; i < 2000; i++) {
                batched.track(new Object(), "room:burst", "user-" + i, Map.of("n", i));
            }

            await().until(watcher::joinCount, n -> n == 2000);
            assertThat(watcher.diffCount()).as("diffs for 2000 joins").isLessThan(100);
            assertThat(watcher.leaveCount()).isZero();
        }
    }

    @Test
    void concurrentChangesFromManyThreadsEndWhereTheListIs() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        Object owner = new Object();
                        String key = "k" + (i % 17);
                        tracker.track(owner, TOPIC, key, Map.of("t", thread));
                        tracker.update(owner, TOPIC, key, Map.of("t", thread, "i", i));
                        if (i % 3 != 0) {
                            tracker.untrack(owner, TOPIC, key);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> expected = new java.util.TreeMap<>(tracker.list(TOPIC).counts());
        assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8 * 67);
        await().untilAsserted(() -> assertThat(observer.seen()).isEqualTo(expected));
    }

    @Test
    void everyMetaInEveryDiffCarriesAPhxRef() {
        Object owner = new Object();
        tracker.track(owner, TOPIC, "x", Map.of());
        tracker.update(owner, TOPIC, "x", Map.of("v", 2));
        tracker.track(alice, TOPIC, "y", Map.of());
        tracker.untrack(owner, TOPIC, "x");

        await().untilAsserted(() -> assertThat(observer.seen()).isEqualTo(Map.of("y", 1)));
        for (JsonNode diff : observer.diffs()) {
            assertThat(diff.has("joins") && diff.has("leaves")).isTrue();
            for (String side : List.of("joins", "leaves")) {
                diff.get(side).forEach(p -> p.get("metas").forEach(m -> assertThat(m.hasNonNull("phx_ref")).isTrue()));
            }
        }
    }

    @Test
    void aTrackerOnTheCallersTimerBatchesThereAndLeavesTheTimerRunningWhenClosed() {
        List<Long> delays = new ArrayList<>();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1) {
            @Override
            protected <V> RunnableScheduledFuture<V> decorateTask(Runnable r, RunnableScheduledFuture<V> task) {
                synchronized (delays) {
                    delays.add(task.getDelay(TimeUnit.MILLISECONDS));
                }
                return task;
            }
        };
        PresenceOptions options = PresenceOptions.DEFAULTS.withBatchWindow(Duration.ofMillis(200));
        try {
            PresenceTracker onTimer = PresenceTracker.start(pubsub, ClusterBus.standalone("timed"), options, timer, Ticker.SYSTEM);
            DiffRecorder watcher = DiffRecorder.on(pubsub, "room:timed");

            onTimer.track(alice, "room:timed", "42", Map.of());
            await().until(() -> watcher.joinCount() == 1);
            onTimer.close();

            synchronized (delays) {
                assertThat(delays).singleElement().satisfies(ms -> assertThat(ms).isBetween(100L, 200L));
            }
            assertThat(timer.isShutdown()).isFalse();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void clientsJoiningBetweenTwoDiffsShareOneRenderedStateAndTheDiffCompletesIt() {
        try (PresenceTracker slow = PresenceTracker.start(pubsub, ClusterBus.standalone("shared"),
                PresenceOptions.DEFAULTS.withBatchWindow(Duration.ofMillis(300)))) {
            DiffRecorder watcher = DiffRecorder.on(pubsub, "room:shared");
            slow.track(alice, "room:shared", "a", Map.of());
            PresenceState first = slow.stateForJoiner("room:shared");
            slow.track(bob, "room:shared", "b", Map.of());
            PresenceState second = slow.stateForJoiner("room:shared");

            assertThat(second).as("rendered once for both joiners").isSameAs(first);
            assertThat(second.keys()).containsExactly("a");
            await().until(watcher::joinCount, n -> n == 2); // b reaches both joiners in the diff

            PresenceState after = slow.stateForJoiner("room:shared");
            assertThat(after).as("a diff went out: a fresh state").isNotSameAs(first);
            assertThat(after.keys()).containsExactly("a", "b");
            assertThat(slow.list("room:shared").keys()).containsExactly("a", "b");
        }
    }

    @Test
    void aPresenceThatComesAndGoesAfterAStateWasHandedOutLeavesNoGhost() {
        try (PresenceTracker slow = PresenceTracker.start(pubsub, ClusterBus.standalone("ghost"),
                PresenceOptions.DEFAULTS.withBatchWindow(Duration.ofMillis(300)))) {
            DiffRecorder watcher = DiffRecorder.on(pubsub, "room:ghost");
            slow.track(alice, "room:ghost", "keeps", Map.of());
            slow.track(bob, "room:ghost", "passes", Map.of());
            ClientView client = new ClientView();
            client.applyState(slow.stateForJoiner("room:ghost").toPayload().json()); // has both, both still pending
            slow.untrack(bob, "room:ghost", "passes");

            await().until(watcher::diffCount, n -> n == 1);
            client.applyDiff(watcher.diffs().get(0));
            assertThat(client.counts()).as("the client that saw it also sees it go").isEqualTo(Map.of("keeps", 1));
            assertThat(watcher.seen()).as("a client that never saw it is not confused").isEqualTo(Map.of("keeps", 1));
        }
    }

    @Test
    void withoutAStateHandedOutAPresenceThatComesAndGoesWithinABatchIsNeverSent() {
        try (PresenceTracker slow = PresenceTracker.start(pubsub, ClusterBus.standalone("quiet"),
                PresenceOptions.DEFAULTS.withBatchWindow(Duration.ofMillis(300)))) {
            DiffRecorder watcher = DiffRecorder.on(pubsub, "room:quiet");
            slow.track(alice, "room:quiet", "keeps", Map.of());
            slow.track(bob, "room:quiet", "passes", Map.of());
            slow.untrack(bob, "room:quiet", "passes");

            await().until(watcher::diffCount, n -> n == 1);
            assertThat(watcher.leaveCount()).isZero();
            assertThat(watcher.seen()).isEqualTo(Map.of("keeps", 1));
        }
    }
}
