package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channel callbacks on real worker threads: they block, run concurrently, and the kit waits for them. */
class WorkerThreadsTest {
    /** Both callbacks of one meeting must be running at once to pass the barrier. */
    private final CyclicBarrier meeting = new CyclicBarrier(2);

    /** join sleeps (a slow database); {@code meet} waits at the barrier; {@code where} names the thread. */
    private final class Blocking implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            sleep(50);
            return JoinResult.ok(Map.of("thread", Thread.currentThread().getName()));
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            if (event.equals("meet")) {
                try {
                    meeting.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    return HandleResult.error(Map.of("reason", "met nobody"));
                }
                return HandleResult.ok(Map.of("met", true));
            }
            return HandleResult.ok(Map.of("thread", Thread.currentThread().getName()));
        }
    }

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(SocketDefinition.builder("/socket")
            .channel("slow:*", Blocking::new)
            .channel("loop:*", Blocking::new, Execution.EVENT_LOOP)
            .build(), TesterOptions.builder().workerThreads(4).build());

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void callbacksRunOnWorkerThreadsAndTheKitWaitsForThem() {
        ClientChannel slow = kit.socket().channel("slow:a");
        Push join = slow.join();
        Push ping = slow.push("where"); // held by the server until the join is done

        assertThat(join.assertOk().response().get("thread").asText()).startsWith("switchboard-test-node-0-worker");
        assertThat(ping.assertOk().response().get("thread").asText()).startsWith("switchboard-test-node-0-worker");
    }

    @Test
    void twoChannelsCallbacksRunConcurrently() {
        ClientChannel ann = kit.socket().subscribeAndJoin("slow:a");
        ClientChannel bob = kit.socket().subscribeAndJoin("slow:b");

        Push annMeets = ann.push("meet");
        Push bobMeets = bob.push("meet");

        annMeets.assertOk(Map.of("met", true));
        bobMeets.assertOk(Map.of("met", true));
    }

    @Test
    void eventLoopChannelsStayOnTheTestsThread() {
        ClientChannel loop = kit.socket().subscribeAndJoin("loop:a");

        assertThat(loop.joinReply().response().get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    }
}
