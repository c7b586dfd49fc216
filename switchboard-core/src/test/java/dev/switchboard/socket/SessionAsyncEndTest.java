package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.protocol.Payload;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelContext#stop()} and {@link ChannelContext#crash(String)}: a channel whose work
 * ends elsewhere (a child process exits) ends itself from another thread, with the same frames a
 * stop or crash from a callback produces, and never before its join reply.
 */
class SessionAsyncEndTest {
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private final List<String> terminated = new CopyOnWriteArrayList<>();
    private final List<ChannelContext> contexts = new CopyOnWriteArrayList<>();

    /** {@code work:*} keeps its context; {@code quick:*} pushes and stops during join; {@code fail:*} crashes during join. */
    private TestConnection connect() {
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .channel("work:*", () -> new Recording(false, false))
                .channel("quick:*", () -> new Recording(true, false))
                .channel("fail:*", () -> new Recording(false, true))
                .build();
        return TestConnection.open(endpoint, socket, shard);
    }

    @Test
    void stopFromAnotherThreadSendsPhxCloseAndTerminatesStopped() throws Exception {
        TestConnection client = connect();
        client.join("work:a", "3").takeTexts();

        Thread other = new Thread(() -> contexts.get(0).stop());
        other.start();
        other.join();
        client.runShard();

        assertThat(client.texts()).containsExactly(q("['3','3','work:a','phx_close',{}]"));
        assertThat(terminated).containsExactly("work:a STOPPED");
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void crashFromAnotherThreadSendsPhxErrorAndTerminatesCrashed() throws Exception {
        TestConnection client = connect();
        client.join("work:a", "3").takeTexts();

        Thread other = new Thread(() -> contexts.get(0).crash("the program died"));
        other.start();
        other.join();
        client.runShard();

        assertThat(client.texts()).containsExactly(q("['3','3','work:a','phx_error',{'reason':'channel_crash'}]"));
        assertThat(terminated).containsExactly("work:a CRASHED");
    }

    @Test
    void stopDuringJoinComesAfterTheJoinReplyAndTheJoinPushes() {
        TestConnection client = connect();

        client.join("quick:a", "3");
        client.runShard();

        assertThat(client.texts()).containsExactly(
                q("['3','3','quick:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['3',null,'quick:a','hello',{}]"),
                q("['3','3','quick:a','phx_close',{}]"));
    }

    @Test
    void crashDuringJoinComesAfterTheJoinReply() {
        TestConnection client = connect();

        client.join("fail:a", "3");
        client.runShard();

        assertThat(client.texts()).containsExactly(
                q("['3','3','fail:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['3','3','fail:a','phx_error',{'reason':'channel_crash'}]"));
    }

    @Test
    void stopAfterTheChannelEndedDoesNothing() {
        TestConnection client = connect();
        client.join("work:a", "3").takeTexts();
        client.send(q("['3','4','work:a','phx_leave',{}]")).runShard().takeTexts();

        contexts.get(0).stop();
        contexts.get(0).crash("late");
        client.runShard();

        assertThat(client.texts()).isEmpty();
        assertThat(terminated).containsExactly("work:a LEFT");
    }

    private final class Recording implements Channel {
        private final boolean stopInJoin;
        private final boolean crashInJoin;

        Recording(boolean stopInJoin, boolean crashInJoin) {
            this.stopInJoin = stopInJoin;
            this.crashInJoin = crashInJoin;
        }

        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            contexts.add(ctx);
            if (stopInJoin) {
                ctx.push("hello", Map.of());
                ctx.stop();
            }
            if (crashInJoin) {
                ctx.crash("failed at once");
            }
            return JoinResult.ok();
        }

        @Override
        public void terminate(TerminateReason reason, ChannelContext ctx) {
            terminated.add(ctx.topic() + " " + reason);
        }
    }
}
