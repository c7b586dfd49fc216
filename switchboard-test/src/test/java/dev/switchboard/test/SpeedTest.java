package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.socket.SocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How fast the kit runs a channel test: the cycle a channel test repeats — join, push, assert the
 * reply, leave, assert the close — through the real session, serializers and mailboxes.
 *
 * <p>The default build checks that 10,000 cycles stay far inside the goal (under a second on one
 * core), with room for a loaded machine; {@link #measure()} ({@code -Pslow}) prints the figures
 * docs/PERFORMANCE.md records.
 */
class SpeedTest {
    static final int CYCLES = 10_000;
    /** Generous for a busy CI machine; an accidental quadratic or a real-time wait blows through it. */
    static final Duration DEFAULT_BUILD_BOUND = Duration.ofSeconds(5);

    private final SpecApp app = new SpecApp();

    /** One client doing {@code cycles} join/push/reply/leave/close cycles on distinct topics; the real time it took. */
    static Duration oneClient(ChannelTester kit, int cycles) {
        ClientSocket client = kit.socket();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            ClientChannel room = client.subscribeAndJoin("room:" + i);
            room.push("ping", Map.of("n", i)).assertOk(Map.of("n", i));
            room.leave().assertOk();
            room.assertClosed();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code cycles} clients, each connecting through {@code connect}, joining, pushing and asserting its reply. */
    static Duration manyClients(ChannelTester kit, int cycles) {
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            ClientSocket client = kit.connect(Map.of("user", "u" + i));
            client.subscribeAndJoin("room:lobby").push("ping", Map.of("n", i)).assertOk(Map.of("n", i));
            client.close();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private ChannelTester kit() {
        // A join rate for 10,000 joins on one connection: the rate limit is tested elsewhere.
        return ChannelTester.of(app.socket(SocketOptions.DEFAULTS.withMaxJoinsPerSecond(100_000)));
    }

    @Test
    void tenThousandCyclesRunFarInsideASecondPerCycleBudget() {
        try (ChannelTester kit = kit()) {
            Duration took = oneClient(kit, CYCLES);

            System.out.printf(Locale.ROOT, "%d cycles in %d ms%n", CYCLES, took.toMillis());
            assertThat(took).isLessThan(DEFAULT_BUILD_BOUND);
            assertThat(kit.elapsed()).as("no virtual time passed: nothing waited").isZero();
        }
    }

    /** The figures of docs/PERFORMANCE.md: cold first run, then the median of warm runs, for both shapes. */
    @Test
    @Tag("slow")
    void measure() {
        int rounds = 7;
        report("one client, join/push/reply/leave/close", rounds, kit -> oneClient(kit, CYCLES));
        report("a new client per cycle, connect/join/push/reply/close", rounds, kit -> manyClients(kit, CYCLES));
    }

    private void report(String what, int rounds, java.util.function.Function<ChannelTester, Duration> run) {
        List<Long> millis = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            try (ChannelTester kit = kit()) {
                millis.add(run.apply(kit).toMillis());
            }
        }
        long cold = millis.get(0);
        List<Long> warm = new ArrayList<>(millis.subList(1, millis.size()));
        warm.sort(null);
        long median = warm.get(warm.size() / 2);
        System.out.printf(Locale.ROOT, "%s: %d cycles; cold %d ms, warm median %d ms (%.1f µs/cycle), all runs %s; %d cpu(s)%n",
                what, CYCLES, cold, median, median * 1000.0 / CYCLES, millis, Runtime.getRuntime().availableProcessors());
        assertThat(median).isLessThan(DEFAULT_BUILD_BOUND.toMillis());
    }
}
