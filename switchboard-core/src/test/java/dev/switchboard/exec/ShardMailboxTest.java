package dev.switchboard.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.QueueShard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A mailbox on a shard: inline on the shard's thread, but never nested, and queued from elsewhere. */
class ShardMailboxTest {
    private final QueueShard shard = new QueueShard();
    private final ShardMailbox mailbox = new ShardMailbox(shard);
    private final List<String> ran = new ArrayList<>();

    @Test
    void onTheShardsThreadATaskRunsAtOnce() {
        mailbox.submit(() -> ran.add("task"));

        assertThat(ran).containsExactly("task");
        assertThat(shard.pending()).isZero();
    }

    @Test
    void aTaskSubmittingToItsOwnMailboxRunsTheNewTaskAfterItNotNested() {
        mailbox.submit(() -> {
            ran.add("outer start");
            mailbox.submit(() -> {
                ran.add("inner start");
                mailbox.submit(() -> ran.add("innermost"));
                ran.add("inner end");
            });
            ran.add("outer end");
        });

        assertThat(ran).containsExactly("outer start", "outer end", "inner start", "inner end", "innermost");
    }

    @Test
    void aThrowingTaskDoesNotStopItsBacklog() {
        mailbox.submit(() -> {
            mailbox.submit(() -> ran.add("after the failure"));
            throw new IllegalStateException("task failed");
        });
        mailbox.submit(() -> ran.add("next submit"));

        assertThat(ran).containsExactly("after the failure", "next submit");
    }

    @Test
    void fromAnotherThreadTasksAreQueuedOnTheShardInOrder() throws InterruptedException {
        Thread other = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                mailbox.submit(() -> ran.add("task " + n));
            }
        });
        other.start();
        other.join();

        assertThat(ran).isEmpty();
        assertThat(shard.pending()).isEqualTo(3);
        shard.runAll();
        assertThat(ran).containsExactly("task 0", "task 1", "task 2");
    }

    @Test
    void twoMailboxesOnOneShardDoNotBlockEachOther() {
        ShardMailbox second = new ShardMailbox(shard);

        mailbox.submit(() -> {
            ran.add("first start");
            second.submit(() -> ran.add("second"));
            ran.add("first end");
        });

        assertThat(ran).containsExactly("first start", "second", "first end");
    }
}
