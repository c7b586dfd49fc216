package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory engine: offsets, epochs, the ring, ttl and the global cap, on a clock the test moves. */
class MemoryHistoryTest {
    private static final HistoryOptions FIVE = HistoryOptions.of(5, Duration.ofMinutes(5));
    private long now = 1_000_000_000L;
    private final MemoryHistory history = new MemoryHistory(MemoryHistory.DEFAULT_MAX_BYTES, () -> now);
    private final List<Broadcast> delivered = new ArrayList<>();

    MemoryHistoryTest() {
        history.rules().add("room:*", FIVE);
    }

    private Position publish(String topic, int n) {
        return history.append(new Broadcast(topic, "msg", Payload.json(Map.of("n", n))), FIVE, delivered::add);
    }

    private HistoryRead read(String topic, Position since) {
        return history.read(topic, since, since == null ? 0 : 1000).toCompletableFuture().join();
    }

    @Test
    void offsetsStartAtOneAndGrowByOnePerBroadcastInOneEpoch() {
        Position first = publish("room:a", 1);
        Position second = publish("room:a", 2);

        assertThat(first.offset()).isEqualTo(1);
        assertThat(second).isEqualTo(new Position(2, first.epoch()));
        assertThat(delivered).extracting(Broadcast::position).containsExactly(first, second);
        assertThat(publish("room:b", 1).epoch()).as("each topic has its own stream").isNotEqualTo(first.epoch());
    }

    @Test
    void readingAfterAPositionGivesWhatCameAfterInOrder() {
        Position p1 = publish("room:a", 1);
        publish("room:a", 2);
        Position p3 = publish("room:a", 3);

        HistoryRead read = read("room:a", p1);

        assertThat(read.recovered()).isTrue();
        assertThat(read.latest()).isEqualTo(p3);
        assertThat(read.messages()).extracting(b -> b.payload().json().get("n").asInt()).containsExactly(2, 3);
    }

    @Test
    void anEmptyStreamHasAStablePositionZero() {
        HistoryRead empty = read("room:quiet", null);

        assertThat(empty.latest().offset()).isZero();
        Position first = publish("room:quiet", 1);
        assertThat(first).isEqualTo(new Position(1, empty.latest().epoch()));
        assertThat(read("room:quiet", empty.latest()).messages()).hasSize(1);
    }

    @Test
    void theRingKeepsTheLastSizeMessagesAndOlderPositionsAreTooOld() {
        List<Position> positions = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            positions.add(publish("room:a", i));
        }
        // kept: 4..8; a client at 3 misses 4..8, all kept; at 2 it misses 3, gone.
        assertThat(read("room:a", positions.get(2)).messages()).hasSize(5);
        assertThat(read("room:a", positions.get(1)).reason()).isEqualTo(RecoveryFailure.TOO_OLD);
        assertThat(read("room:a", positions.get(7)).messages()).isEmpty();
    }

    @Test
    void aPositionFromAnotherEpochOrTheFutureIsRefusedWithItsReason() {
        Position p = publish("room:a", 1);

        assertThat(read("room:a", new Position(1, "other")).reason()).isEqualTo(RecoveryFailure.EPOCH_CHANGED);
        assertThat(read("room:a", new Position(2, p.epoch())).reason()).isEqualTo(RecoveryFailure.INVALID_POSITION);
        assertThat(read("room:a", new Position(2, p.epoch())).latest()).isEqualTo(p);
    }

    @Test
    void aTopicWithoutARuleHasNoHistory() {
        assertThat(read("chat:a", null).reason()).isEqualTo(RecoveryFailure.NO_HISTORY);
        assertThat(read("chat:a", null).latest()).isNull();
    }

    @Test
    void aTopicQuietForLongerThanItsTtlIsForgottenAndStartsANewEpoch() {
        Position before = publish("room:a", 1);
        now += TimeUnit.MINUTES.toNanos(5) + 1;

        Position after = publish("room:a", 2);

        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
        assertThat(read("room:a", before).reason()).isEqualTo(RecoveryFailure.EPOCH_CHANGED);
    }

    @Test
    void memoryIsAccountedAndFreedWhenHistoriesExpire() {
        publish("room:a", 1);
        long used = history.bytes();
        assertThat(used).isGreaterThan(MemoryHistory.TOPIC_OVERHEAD_BYTES + MemoryHistory.ENTRY_OVERHEAD_BYTES);

        now += TimeUnit.MINUTES.toNanos(6);
        publish("room:b", 1); // sweeps the expired one
        assertThat(history.topics()).isEqualTo(1);
        assertThat(history.bytes()).isEqualTo(used);
    }

    @Test
    void pastTheCapTheLeastRecentlyPublishedHistoryIsDroppedButKeepsItsEpochAndOffset() {
        MemoryHistory small = new MemoryHistory(64 * 1024, () -> now);
        HistoryOptions big = HistoryOptions.of(1000, Duration.ofMinutes(5));
        String pad = "x".repeat(1000);
        Position old = null;
        for (int i = 0; i < 20; i++) {
            old = small.append(new Broadcast("room:old", "msg", Payload.json(Map.of("pad", pad))), big, b -> {});
        }
        now += 1_000_000;
        for (int i = 0; i < 60; i++) {
            small.append(new Broadcast("room:new", "msg", Payload.json(Map.of("pad", pad))), big, b -> {});
        }
        small.rules().add("room:*", big);

        assertThat(small.bytes()).isLessThanOrEqualTo(small.maxBytes());
        HistoryRead read = small.read("room:old", new Position(1, old.epoch()), 10).toCompletableFuture().join();
        assertThat(read.reason()).isEqualTo(RecoveryFailure.TOO_OLD);
        assertThat(read.latest()).isEqualTo(old);
    }

    @Test
    void aLimitBoundsWhatOneReadReturns() {
        Position first = publish("room:a", 1);
        for (int i = 2; i <= 5; i++) {
            publish("room:a", i);
        }
        HistoryRead read = history.read("room:a", first, 2).toCompletableFuture().join();
        assertThat(read.messages()).extracting(b -> b.position().offset()).containsExactly(2L, 3L);
    }

    @Test
    void withoutAPositionAReadGivesTheLastMessagesUpToTheLimit() {
        for (int i = 1; i <= 7; i++) {
            publish("room:a", i);
        }
        assertThat(history.read("room:a", null, 3).toCompletableFuture().join().messages())
                .extracting(b -> b.position().offset()).containsExactly(5L, 6L, 7L);
        assertThat(history.read("room:a", null, 100).toCompletableFuture().join().messages()).hasSize(5);
        assertThat(history.read("room:a", null, 0).toCompletableFuture().join().messages()).isEmpty();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> HistoryOptions.of(0, Duration.ofMinutes(1))).hasMessageContaining("size");
        assertThatThrownBy(() -> HistoryOptions.of(10, Duration.ofMillis(10))).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new MemoryHistory(1024, () -> 0)).hasMessageContaining("64 KiB");
    }
}
