package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.exec.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The test kit's shard keeps the semantics its documentation promises. */
class QueueShardTest {
    private final QueueShard shard = new QueueShard();
    private final List<String> ran = new ArrayList<>();

    @Test
    void theCreatingThreadIsTheShardThreadEvenBetweenDrains() throws InterruptedException {
        AtomicBoolean elsewhere = new AtomicBoolean(true);
        Thread other = new Thread(() -> elsewhere.set(shard.inShard()));
        other.start();
        other.join();

        assertThat(shard.inShard()).isTrue();
        assertThat(elsewhere).isFalse();
    }

    @Test
    void executeOnlyQueuesAndRunAllDrainsInOrderIncludingTasksQueuedByTasks() {
        shard.execute(() -> {
            ran.add("a");
            shard.execute(() -> ran.add("c"));
        });
        shard.execute(() -> ran.add("b"));
        assertThat(ran).isEmpty();
        assertThat(shard.pending()).isEqualTo(2);

        assertThat(shard.runAll()).isEqualTo(3);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(shard.submitted()).isEqualTo(3);
    }

    @Test
    void runFromTheTestThreadIsInline() {
        shard.run(() -> ran.add("inline"));

        assertThat(ran).containsExactly("inline");
        assertThat(shard.pending()).isZero();
    }

    @Test
    void idsAreDistinctAndBelowTheShardLimit() {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < Shard.MAX_SHARDS; i++) {
            int id = new QueueShard().id();
            assertThat(id).isBetween(0, Shard.MAX_SHARDS - 1);
            ids.add(id);
        }
        assertThat(ids).hasSize(Shard.MAX_SHARDS);
    }

    @Test
    void awaitUntilRunsTasksArrivingFromOtherThreads() {
        new Thread(() -> shard.execute(() -> ran.add("from a worker"))).start();

        shard.awaitUntil(() -> !ran.isEmpty());

        assertThat(ran).containsExactly("from a worker");
    }

    @Test
    void awaitUntilFailsTheTestWhenTheConditionNeverHolds() {
        assertThatThrownBy(() -> shard.awaitUntil(() -> false, Duration.ofMillis(30)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void onlyTheShardThreadMayDrain() throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        Thread other = new Thread(() -> {
            try {
                shard.runAll();
            } catch (IllegalStateException e) {
                failures.add(e);
            }
        });
        other.start();
        other.join();

        assertThat(failures).hasSize(1);
    }
}
