package dev.switchboard.test;

import static dev.switchboard.test.PayloadMatch.containing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence through the kit (spec §6): the state pushed to the caller, diffs batched on the virtual
 * clock, every way a channel ends untracking, and what a phoenix.js client would list.
 */
class PresenceTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.socket());

    private ClientChannel present(String key) {
        ClientChannel channel = kit.socket().subscribeAndJoin("presence:lobby");
        channel.push("track", Map.of("key", key)).assertOk();
        return channel;
    }

    @Test
    void trackPushesTheStateWithTheNewEntryToTheCallerBeforeTheReply() {
        ClientChannel ann = kit.socket().subscribeAndJoin("presence:lobby");

        ann.push("track", Map.of("key", "ann")).assertOk();

        ReceivedFrame state = ann.assertPresenceState(Set.of("ann"));
        assertThat(state.payload().path("ann").path("metas").get(0).get("device").asText()).isEqualTo("test");
        assertThat(ann.socket().frames()).extracting(ReceivedFrame::event)
                .containsExactly("phx_reply", "presence_state", "phx_reply");
    }

    @Test
    void theDiffLeavesAfterTheBatchWindowOfVirtualTime() {
        ClientChannel ann = present("ann");
        ann.assertPresenceState(Set.of("ann"));

        // The assertion lets the 5 ms batch window pass on the virtual clock, and no more.
        ReceivedFrame diff = ann.assertPresenceDiff(Set.of("ann"), Set.of());

        assertThat(diff.at()).isEqualTo(Duration.ofMillis(5));
        assertThat(diff.kind()).isEqualTo(ReceivedFrame.Kind.BROADCAST);
        ann.refutePush("presence_diff");
    }

    @Test
    void theDiffIsNotSentBeforeTheWindowEnds() {
        ChannelTester strict = ChannelTester.of(app.socket(), TesterOptions.builder()
                .presence(PresenceOptions.DEFAULTS.withBatchWindow(Duration.ofMillis(500)))
                .assertTimeout(Duration.ZERO)
                .build());
        ClientChannel ann = strict.socket().subscribeAndJoin("presence:lobby");
        ann.push("track", Map.of("key", "ann")).assertOk();

        strict.advance(Duration.ofMillis(499));
        assertThat(ann.socket().unasserted()).extracting(ReceivedFrame::event).doesNotContain("presence_diff");
        strict.advance(Duration.ofMillis(1));
        ann.assertPresenceDiff(Set.of("ann"), Set.of());
        strict.close();
    }

    @Test
    void changesWithinOneWindowAreOneDiff() {
        ClientChannel watcher = kit.socket().subscribeAndJoin("presence:lobby");
        ClientChannel ann = kit.socket().subscribeAndJoin("presence:lobby");
        ClientChannel bob = kit.socket().subscribeAndJoin("presence:lobby");

        ann.push("track", Map.of("key", "ann")).assertOk();
        bob.push("track", Map.of("key", "bob")).assertOk();

        watcher.assertPresenceDiff(Set.of("ann", "bob"), Set.of());
        watcher.refutePush("presence_diff");
    }

    @Test
    void leavingCrashingAndDisconnectingUntrack() {
        ClientChannel watcher = kit.socket().subscribeAndJoin("presence:lobby");
        watcher.push("track", Map.of("key", "watcher")).assertOk();
        ClientChannel leaver = present("leaver");
        ClientChannel gone = present("gone");
        watcher.assertPresence("watcher", "leaver", "gone");

        leaver.leave().assertOk();
        gone.socket().close();

        watcher.assertPresence("watcher");
        assertThat(kit.presence("presence:lobby").keys()).containsExactly("watcher");
    }

    @Test
    void theClientViewFollowsStateAndDiffsAsPhoenixJsWould() {
        ClientChannel ann = present("ann");
        present("bob");
        ClientChannel bobAgain = present("bob"); // a second meta under one key

        ann.assertPresence("ann", "bob");
        assertThat(ann.presence().metas("bob")).hasSize(2);

        bobAgain.socket().close();

        kit.advance(Duration.ofMillis(5));
        assertThat(ann.presence().metas("bob")).hasSize(1);
        assertThat(ann.presence().size()).isEqualTo(2);
    }

    @Test
    void trackingTheSameKeyTwiceOnOneChannelIsRefused() {
        ClientChannel ann = present("ann");

        ann.push("track", Map.of("key", "ann")).assertError(containing(Map.of()));
        assertThat(kit.presence("presence:lobby").counts()).isEqualTo(Map.of("ann", 1));
    }
}
