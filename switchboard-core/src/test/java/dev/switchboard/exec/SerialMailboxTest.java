package dev.switchboard.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A mailbox on a shared worker pool: one task at a time, in submission order, no thread of its own. */
@Timeout(30)
class SerialMailboxTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void tasksFromConcurrentSubmittersRunOneAtATimeKeepingEachSubmittersOrder() throws InterruptedException {
        SerialMailbox mailbox = new SerialMailbox(pool);
        int submitters = 6;
        int perSubmitter = 5_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            seen.add(new ArrayList<>());
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        CountDownLatch start = new CountDownLatch(1);

        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            int submitter = s;
            Thread t = new Thread(() -> {
                await(start);
                for (int i = 0; i < perSubmitter; i++) {
                    int n = i;
                    mailbox.submit(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        // Plain lists: safe only because the mailbox never runs two tasks at once.
                        seen.get(submitter).add(n);
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();

        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(overlaps.get()).isZero();
        for (List<Integer> list : seen) {
            assertThat(list).hasSize(perSubmitter).isSorted();
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheTasksAfterIt() throws InterruptedException {
        SerialMailbox mailbox = new SerialMailbox(pool);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);

        mailbox.submit(() -> ran.add("first"));
        mailbox.submit(() -> {
            throw new IllegalStateException("task failed");
        });
        mailbox.submit(() -> ran.add("third"));
        mailbox.submit(done::countDown);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("first", "third");
    }

    @Test
    void anIdleMailboxSchedulesOneDrainForManyTasksAndYieldsTheWorkerAfterABatchOf64() {
        ArrayDeque<Runnable> executor = new ArrayDeque<>();
        SerialMailbox mailbox = new SerialMailbox(executor::add);
        List<Integer> ran = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            int n = i;
            mailbox.submit(() -> ran.add(n));
        }
        assertThat(executor).as("one drain scheduled for 100 tasks").hasSize(1);

        executor.poll().run();
        assertThat(ran).hasSize(64);
        assertThat(executor).as("the rest is rescheduled, not run on").hasSize(1);

        executor.poll().run();
        assertThat(ran).hasSize(100).isSorted();
        assertThat(executor).isEmpty();
    }

    @Test
    void aTaskSubmittedFromARunningTaskRunsAfterItInTheSameDrain() {
        ArrayDeque<Runnable> executor = new ArrayDeque<>();
        SerialMailbox mailbox = new SerialMailbox(executor::add);
        List<String> ran = new ArrayList<>();

        mailbox.submit(() -> {
            ran.add("outer start");
            mailbox.submit(() -> ran.add("inner"));
            ran.add("outer end");
        });
        executor.poll().run();

        assertThat(ran).containsExactly("outer start", "outer end", "inner");
        assertThat(executor).isEmpty();
    }

    @Test
    void aMailboxThatWentIdleSchedulesAgainOnTheNextSubmit() {
        ArrayDeque<Runnable> executor = new ArrayDeque<>();
        SerialMailbox mailbox = new SerialMailbox(executor::add);
        List<Integer> ran = new ArrayList<>();

        mailbox.submit(() -> ran.add(1));
        executor.poll().run();
        mailbox.submit(() -> ran.add(2));

        assertThat(executor).hasSize(1);
        executor.poll().run();
        assertThat(ran).containsExactly(1, 2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
