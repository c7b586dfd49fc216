package dev.switchboard.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The loop keeps the semantics its documentation promises: order, contexts, virtual time, real workers. */
class RunLoopTest {
    private final RunLoop loop = new RunLoop(1_000);
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunInSubmissionOrderOnlyWhenDriven() {
        loop.execute("a", () -> {
            ran.add("a");
            loop.execute("c", () -> ran.add("c"));
        });
        loop.execute("b", () -> ran.add("b"));
        assertThat(ran).isEmpty();

        loop.drive(() -> { });

        assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test
    void aShardIsOnItsThreadExactlyWhileOneOfItsTasksRuns() {
        LoopShard one = new LoopShard(loop, 0, "one");
        LoopShard two = new LoopShard(loop, 1, "two");
        List<Boolean> seen = new ArrayList<>();
        one.execute(() -> {
            seen.add(one.inShard());
            seen.add(two.inShard());
        });

        loop.drive(() -> seen.add(one.inShard()));

        assertThat(seen).containsExactly(false, true, false);
    }

    @Test
    void timersRunAtTheirVirtualTimeInOrderWhenTimeIsAdvanced() {
        LoopTimer timer = new LoopTimer(loop, "timer");
        List<Long> at = new ArrayList<>();
        timer.schedule(() -> at.add(loop.nanoTime()), 30, TimeUnit.NANOSECONDS);
        timer.schedule(() -> at.add(loop.nanoTime()), 10, TimeUnit.NANOSECONDS);
        ScheduledFuture<?> periodic = timer.scheduleAtFixedRate(() -> at.add(-loop.nanoTime()), 20, 20, TimeUnit.NANOSECONDS);

        loop.drive(() -> loop.advanceTo(1_050));

        assertThat(at).containsExactly(1_010L, -1_020L, 1_030L, -1_040L);
        assertThat(loop.nanoTime()).isEqualTo(1_050);
        periodic.cancel(false);
        loop.drive(() -> loop.advanceTo(1_100));
        assertThat(at).hasSize(4);
    }

    @Test
    void aTimerDueNowRunsWithoutTimeMoving() {
        LoopTimer timer = new LoopTimer(loop, "timer");
        timer.schedule(() -> ran.add("now"), 0, TimeUnit.MILLISECONDS);

        loop.drive(() -> { });

        assertThat(ran).containsExactly("now");
        assertThat(loop.nanoTime()).isEqualTo(1_000);
    }

    @Test
    void awaitMovesTimeToTheNextTimerOnlyWithinItsWindow() {
        LoopTimer timer = new LoopTimer(loop, "timer");
        AtomicBoolean fired = new AtomicBoolean();
        timer.schedule(() -> fired.set(true), 50, TimeUnit.NANOSECONDS);

        boolean[] result = new boolean[2];
        loop.drive(() -> result[0] = loop.await(fired::get, 40, 0));
        assertThat(result[0]).isFalse();
        assertThat(loop.nanoTime()).isEqualTo(1_040);

        loop.drive(() -> result[1] = loop.await(fired::get, 40, 0));
        assertThat(result[1]).isTrue();
        assertThat(loop.nanoTime()).as("stops where the condition came true").isEqualTo(1_050);
    }

    @Test
    void timeWaitsForRealWorkersBeforeItMoves() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            ThreadWorkers workers = new ThreadWorkers(loop, threads);
            LoopTimer timer = new LoopTimer(loop, "timer");
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            timer.schedule(() -> order.add("timer"), 10, TimeUnit.NANOSECONDS);
            workers.execute(() -> {
                sleep(50);
                order.add("worker");
            });

            loop.drive(() -> loop.advanceTo(1_100));

            assertThat(order).containsExactly("worker", "timer");
            assertThat(loop.busyWorkers()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLoopFeedingItselfForeverIsStoppedWithAnExplanation() {
        Runnable[] again = new Runnable[1];
        again[0] = () -> loop.execute("x", again[0]);
        loop.execute("x", again[0]);

        assertThatThrownBy(() -> loop.drive(() -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without the server becoming idle");
    }

    @Test
    void theLoopCannotBeDrivenFromInsideItsOwnTask() {
        loop.execute("x", () -> loop.drive(() -> { }));

        assertThatThrownBy(() -> loop.drive(() -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be driven from inside");
    }

    @Test
    void aTimerThatHasNotRunCannotBeWaitedFor() {
        LoopTimer timer = new LoopTimer(loop, "timer");
        ScheduledFuture<?> later = timer.schedule(() -> { }, 1, TimeUnit.SECONDS);

        assertThatThrownBy(later::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("moves the clock");
        assertThat(later.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
