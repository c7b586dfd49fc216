package dev.switchboard.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import org.junit.jupiter.api.Test;

/** How the changes of one batch window coalesce into one presence_diff. */
class PendingDiffTest {
    private final PendingDiff diff = new PendingDiff();

    private static PresenceEntry entry(String key, String ref) {
        return new PresenceEntry("n1", "t", key, ref, Json.MAPPER.createObjectNode().put("phx_ref", ref));
    }

    @Test
    void anEmptyBatchStillHasBothMaps() {
        assertThat(diff.toPayload()).isEqualTo(Payload.parse("{\"joins\":{},\"leaves\":{}}"));
    }

    @Test
    void metasOfOneKeyAreGroupedUnderIt() {
        diff.join(entry("42", "a"));
        diff.join(entry("42", "b"));
        diff.leave(entry("7", "c"));

        assertThat(diff.toPayload()).isEqualTo(Payload.parse("{\"joins\":{\"42\":{\"metas\":[{\"phx_ref\":\"a\"},{\"phx_ref\":\"b\"}]}},"
                + "\"leaves\":{\"7\":{\"metas\":[{\"phx_ref\":\"c\"}]}}}"));
    }

    @Test
    void aJoinThatLeavesWithinTheBatchWasNeverSeenAndVanishes() {
        diff.join(entry("42", "a"));
        diff.leave(entry("42", "a"));

        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void aLeaveThatJoinsAgainWithinTheBatchIsNoChangeForAClient() {
        diff.leave(entry("42", "a"));
        diff.join(entry("42", "a"));

        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void anUpdateOfAnEntryJoinedInTheSameBatchIsJustTheNewJoin() {
        diff.join(entry("42", "a"));
        diff.leave(entry("42", "a"));
        diff.join(entry("42", "b"));

        assertThat(diff.joinCount()).isEqualTo(1);
        assertThat(diff.leaveCount()).isZero();
    }
}
