package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two in-memory nodes sharing broadcasts, presence and history as nodes on one Redis do: what a
 * client on one node sees of what happens on the other, and what happens when a node is cut off,
 * crashes or stops.
 */
class ClusterTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.builder(SocketOptions.DEFAULTS)
            .history("room:*", HistoryOptions.of(100, Duration.ofMinutes(5)))
            .build(), TesterOptions.builder().nodes(2).build());

    private TestNode a() {
        return kit.node(0);
    }

    private TestNode b() {
        return kit.node(1);
    }

    @Test
    void aBroadcastOnOneNodeReachesTheSubscribersOfEveryNode() {
        ClientChannel onA = a().socket(Map.of(), null).subscribeAndJoin("room:a");
        ClientChannel onB = b().socket(Map.of(), null).subscribeAndJoin("room:a");

        onA.push("shout", Map.of("body", "hi"));

        onA.assertPush("shout", Map.of("body", "hi"));
        onB.assertPush("shout", Map.of("body", "hi"));
        assertThat(onA.socket().node()).isNotSameAs(onB.socket().node());
    }

    @Test
    void positionsAreTheSameOnEveryNode() {
        ClientChannel onA = a().socket(Map.of(), null).subscribeAndJoin("room:a", Map.of("recover", true));
        ClientChannel onB = b().socket(Map.of(), null).subscribeAndJoin("room:a", Map.of("recover", true));

        a().broadcast("room:a", "msg", Map.of("n", 1));
        b().broadcast("room:a", "msg", Map.of("n", 2));

        assertThat(onA.assertPush("msg", Map.of("n", 1)).position()).isEqualTo(onB.assertPush("msg", Map.of("n", 1)).position());
        assertThat(onA.assertPush("msg", Map.of("n", 2)).position().offset()).isEqualTo(2);
        assertThat(onB.assertPush("msg", Map.of("n", 2)).position().offset()).isEqualTo(2);
    }

    @Test
    void aClientWhoseNodeCrashesRecoversOnTheOtherNode() {
        ClientSocket ann = a().socket(Map.of(), null);
        ClientChannel room = ann.subscribeAndJoin("room:a", Map.of("recover", true));
        b().broadcast("room:a", "msg", Map.of("n", 1));
        room.assertPush("msg", Map.of("n", 1));

        a().crash();
        b().broadcast("room:a", "msg", Map.of("n", 2));
        ann.reconnect(b());

        assertThat(room.recovery().recovered()).isTrue();
        room.assertReplay("msg", Map.of("n", 2));
        assertThat(ann.node()).isSameAs(b());
    }

    @Test
    void presenceTrackedOnOneNodeIsListedAndDiffedOnTheOther() {
        ClientChannel onA = a().socket(Map.of(), null).subscribeAndJoin("presence:lobby");
        ClientChannel onB = b().socket(Map.of(), null).subscribeAndJoin("presence:lobby");

        onA.push("track", Map.of("key", "ann")).assertOk();

        onB.assertPresenceDiff(Set.of("ann"), Set.of());
        assertThat(b().presence("presence:lobby").keys()).containsExactly("ann");
        onB.push("track", Map.of("key", "bob")).assertOk();
        onB.assertPresenceState(Set.of("ann", "bob"));
        onA.assertPresence("ann", "bob");
    }

    @Test
    void theOthersForgetACrashedNodesPresencesAfterTheDownTimeout() {
        ClientChannel onA = a().socket(Map.of(), null).subscribeAndJoin("presence:lobby");
        ClientChannel onB = b().socket(Map.of(), null).subscribeAndJoin("presence:lobby");
        onA.push("track", Map.of("key", "ghost")).assertOk();
        onB.push("track", Map.of("key", "watcher")).assertOk(); // pushes onB its presence_state
        onB.assertPresence("ghost", "watcher");

        a().crash();
        kit.advance(PresenceOptions.DEFAULTS.downTimeout().minusMillis(1));
        assertThat(b().presence("presence:lobby").keys()).containsExactlyInAnyOrder("ghost", "watcher");

        kit.advance(PresenceOptions.DEFAULTS.maxGhostTime());
        onB.assertPresence("watcher");
        assertThat(b().presence("presence:lobby").keys()).containsExactly("watcher");
    }

    @Test
    void aNodeThatStopsSaysGoodbyeAndClosesItsClientsWith1012() {
        ClientSocket annOnA = a().socket(Map.of(), null);
        annOnA.subscribeAndJoin("presence:lobby").push("track", Map.of("key", "ann")).assertOk();
        ClientChannel onB = b().socket(Map.of(), null).subscribeAndJoin("presence:lobby");
        onB.push("track", Map.of("key", "bob")).assertOk();
        onB.assertPresence("ann", "bob");

        a().stop();

        annOnA.assertDisconnected(1012);
        onB.assertPresence("bob");
        assertThat(kit.elapsed()).isLessThan(PresenceOptions.DEFAULTS.downTimeout());
    }

    @Test
    void aCutOffNodeServesItsOwnClientsRefusesHistoryBroadcastsAndResyncsWhenBack() {
        ClientChannel roomOnB = b().socket(Map.of(), null).subscribeAndJoin("room:a");
        ClientChannel loopOnA = a().socket(Map.of(), null).subscribeAndJoin("loop:a");
        ClientChannel loopOnB = b().socket(Map.of(), null).subscribeAndJoin("loop:a");
        ClientChannel watcherOnB = b().socket(Map.of(), null).subscribeAndJoin("presence:lobby");
        watcherOnB.push("track", Map.of("key", "watcher")).assertOk();
        watcherOnB.assertPresenceDiff(Set.of("watcher"), Set.of());

        a().cutOff();
        ClientChannel presentOnA = a().socket(Map.of(), null).subscribeAndJoin("presence:lobby");
        presentOnA.push("track", Map.of("key", "ann")).assertOk();
        // A topic with history cannot be written without the cluster's store ...
        assertThatThrownBy(() -> a().broadcast("room:a", "msg", Map.of()).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasMessageContaining("cut off");
        roomOnB.refutePush("msg");
        // ... and other broadcasts reach the node's own clients only.
        a().broadcast("loop:a", "msg", Map.of());
        loopOnA.assertPush("msg");
        loopOnB.refutePush("msg");
        watcherOnB.refutePush("presence_diff");

        a().reconnect();
        watcherOnB.assertPresence("ann", "watcher");
        a().broadcast("room:a", "msg", Map.of("n", 1));
        roomOnB.assertPush("msg", Map.of("n", 1));
    }

    @Test
    void aSingleNodeHasNoClusterToLeave() {
        ChannelTester single = ChannelTester.of(app.socket());

        assertThatThrownBy(() -> single.node().cutOff())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TesterOptions.nodes(2)");
        single.close();
    }
}
