package dev.switchboard.client.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeInSubmissionOrderPerThread() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        SerialExecutor serial = new SerialExecutor(pool, (t, e) -> failures.add(e));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> ran = new CopyOnWriteArrayList<>();
        Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            int id = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    int n = i;
                    serial.execute(() -> {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        assertThat(serial.inExecutor()).isTrue();
                        ran.add(id + ":" + n);
                        inside.decrementAndGet();
                    });
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        await().until(() -> ran.size() == 4_000);
        assertThat(overlaps.get()).isZero();
        assertThat(failures).isEmpty();
        for (int p = 0; p < producers.length; p++) {
            String prefix = p + ":";
            List<Integer> mine = ran.stream().filter(s -> s.startsWith(prefix)).map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
            assertThat(mine).isSorted().hasSize(1_000);
        }
        assertThat(serial.inExecutor()).isFalse();
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheNextOneRuns() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        SerialExecutor serial = new SerialExecutor(pool, (t, e) -> failures.add(e));
        AtomicInteger after = new AtomicInteger();
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(after::incrementAndGet);
        await().until(() -> after.get() == 1);
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
    }

    @Test
    void longQueuesHandTheThreadBackBetweenBatches() {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor a = new SerialExecutor(one, (t, e) -> { });
            SerialExecutor b = new SerialExecutor(one, (t, e) -> { });
            List<String> order = new CopyOnWriteArrayList<>();
            a.execute(() -> {
                for (int i = 0; i < SerialExecutor.BATCH * 3; i++) {
                    a.execute(() -> order.add("a"));
                }
                b.execute(() -> order.add("b"));
            });
            await().until(() -> order.size() == SerialExecutor.BATCH * 3 + 1);
            assertThat(order.indexOf("b")).as("b ran before a's queue was drained").isLessThan(SerialExecutor.BATCH * 3);
        } finally {
            one.shutdownNow();
        }
    }
}
