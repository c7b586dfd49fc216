package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import org.junit.jupiter.api.Test;

/** The endpoint counts what its sessions do: joins answered ok, messages in, frames out to one client. */
class TrafficStatsTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();

    @Test
    void joinsMessagesInAndRepliesOutAreCounted() {
        TestConnection client = TestConnection.open(endpoint, TestSocket.definition(events), shard);
        client.join("room:a", "1").takeTexts();
        client.send(q("['1','2','room:a','ping',{}]")).takeTexts();
        client.send(q("['5','6','secret:x','phx_join',{}]")).takeTexts();

        TrafficStats traffic = endpoint.traffic();
        assertThat(traffic.joins()).as("the refused join is not one").isEqualTo(1);
        assertThat(traffic.messagesIn()).isEqualTo(3);
        assertThat(traffic.messagesOut()).as("three replies").isEqualTo(3);
        assertThat(client.session().topics()).containsExactly("room:a");
        assertThat(client.session().hasChannel("room:a")).isTrue();
        assertThat(client.session().hasChannel("secret:x")).isFalse();
    }
}
