package dev.switchboard.client.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** phoenix.js's presence merge on the payloads of spec §6.2 and recorded sequences. */
class PresenceSyncTest {
    private final List<String> log = new ArrayList<>();
    private final PresenceSync.Change onJoin = (key, current, joined) ->
            log.add("join " + key + " " + refs(joined) + (current == null ? " new" : " had " + refs(current)));
    private final PresenceSync.Change onLeave = (key, current, left) ->
            log.add("leave " + key + " " + refs(left) + " remaining " + refs(current));

    private static final String STATE = """
            {"42":{"metas":[{"phx_ref":"A","device":"web"},{"phx_ref":"B","device":"ios"}]},
             "77":{"metas":[{"phx_ref":"C","device":"web"}]}}""";

    @Test
    void aFirstStateJoinsEveryKey() {
        Map<String, ObjectNode> state = PresenceSync.syncState(Map.of(), json(STATE), onJoin, onLeave);
        assertThat(state.keySet()).containsExactly("42", "77");
        assertThat(refs(state.get("42"))).containsExactly("A", "B");
        assertThat(log).containsExactly("join 42 [A, B] new", "join 77 [C] new");
    }

    @Test
    void anUpdateDiffReplacesTheMetaInOneStep() {
        Map<String, ObjectNode> state = PresenceSync.syncState(Map.of(), json(STATE), onJoin, onLeave);
        log.clear();
        state = PresenceSync.syncDiff(state, json("""
                {"joins":{"77":{"metas":[{"phx_ref":"D","phx_ref_prev":"C","device":"web","status":"away"}]}},
                 "leaves":{"77":{"metas":[{"phx_ref":"C","device":"web"}]}}}"""), onJoin, onLeave);
        assertThat(refs(state.get("77"))).containsExactly("D");
        assertThat(state.get("77").get("metas").get(0).get("status").asText()).isEqualTo("away");
        assertThat(log).containsExactly("join 77 [D] had [C]", "leave 77 [C] remaining [D]");
    }

    @Test
    void joinsKeepOtherMetasInFrontAndRepeatedJoinsAreIdempotent() {
        Map<String, ObjectNode> state = PresenceSync.syncState(Map.of(), json(STATE), onJoin, onLeave);
        String join = "{\"joins\":{\"42\":{\"metas\":[{\"phx_ref\":\"E\"}]}},\"leaves\":{}}";
        state = PresenceSync.syncDiff(state, json(join), onJoin, onLeave);
        state = PresenceSync.syncDiff(state, json(join), onJoin, onLeave);
        assertThat(refs(state.get("42"))).containsExactly("A", "B", "E");
    }

    @Test
    void leavesRemoveMetasThenKeysAndUnknownKeysAreIgnored() {
        Map<String, ObjectNode> state = PresenceSync.syncState(Map.of(), json(STATE), onJoin, onLeave);
        log.clear();
        state = PresenceSync.syncDiff(state, json("""
                {"joins":{},"leaves":{"42":{"metas":[{"phx_ref":"A"}]},"77":{"metas":[{"phx_ref":"C"}]},
                 "nobody":{"metas":[{"phx_ref":"Z"}]}}}"""), onJoin, onLeave);
        assertThat(state.keySet()).containsExactly("42");
        assertThat(refs(state.get("42"))).containsExactly("B");
        assertThat(log).containsExactly("leave 42 [A] remaining [B]", "leave 77 [C] remaining []");
    }

    @Test
    void aNewStateAfterARejoinYieldsOnlyTheDifferences() {
        Map<String, ObjectNode> state = PresenceSync.syncState(Map.of(), json(STATE), onJoin, onLeave);
        log.clear();
        state = PresenceSync.syncState(state, json("""
                {"42":{"metas":[{"phx_ref":"B","device":"ios"},{"phx_ref":"F","device":"tv"}]},
                 "99":{"metas":[{"phx_ref":"G"}]}}"""), onJoin, onLeave);
        assertThat(state.keySet()).containsExactly("42", "99");
        assertThat(refs(state.get("42"))).containsExactly("B", "F");
        assertThat(log).containsExactly("join 42 [F] had [A, B]", "join 99 [G] new",
                "leave 77 [C] remaining []", "leave 42 [A] remaining [B, F]");
    }

    @Test
    void theGivenStateIsNeverModified() {
        Map<String, ObjectNode> before = PresenceSync.syncState(Map.of(), json(STATE), onJoin, onLeave);
        String snapshot = before.toString();
        PresenceSync.syncDiff(before, json("{\"joins\":{\"42\":{\"metas\":[{\"phx_ref\":\"X\"}]}},"
                + "\"leaves\":{\"77\":{\"metas\":[{\"phx_ref\":\"C\"}]}}}"), onJoin, onLeave);
        assertThat(before.toString()).isEqualTo(snapshot);
    }

    @Test
    void keysThatAreSpecialInJavaScriptAreJustKeys() {
        Map<String, ObjectNode> state = PresenceSync.syncDiff(new LinkedHashMap<>(), json("""
                {"joins":{"__proto__":{"metas":[{"phx_ref":"P"}]},"constructor":{"metas":[{"phx_ref":"Q"}]}},"leaves":{}}"""),
                onJoin, onLeave);
        assertThat(state.keySet()).containsExactly("__proto__", "constructor");
    }

    @Test
    void fetchFieldsNextToMetasAreKept() {
        Map<String, ObjectNode> state = PresenceSync.syncState(Map.of(),
                json("{\"7\":{\"metas\":[{\"phx_ref\":\"A\"}],\"user\":{\"name\":\"ada\"}}}"), onJoin, onLeave);
        assertThat(state.get("7").path("user").path("name").asText()).isEqualTo("ada");
    }

    private static List<String> refs(JsonNode presence) {
        List<String> refs = new ArrayList<>();
        presence.path("metas").forEach(m -> refs.add(m.path("phx_ref").asText()));
        return refs;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
