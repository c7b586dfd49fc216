package dev.switchboard.client.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionTrackerTest {

    @Test
    void positionsParseOnlyInTheirWireForm() {
        assertThat(Position.parse("42@k7Qd2x")).contains(new Position(42, "k7Qd2x"));
        assertThat(Position.parse("0@e")).contains(new Position(0, "e"));
        assertThat(Position.parse("7")).isEmpty();
        assertThat(Position.parse(null)).isEmpty();
        assertThat(Position.parse("@e")).isEmpty();
        assertThat(Position.parse("1@")).isEmpty();
        assertThat(Position.parse("-1@e")).isEmpty();
        assertThat(Position.parse("1x@e")).isEmpty();
        assertThat(Position.parse("99999999999999999999@e")).as("beyond a long").isEmpty();
        assertThat(new Position(42, "k7Qd2x").toString()).isEqualTo("42@k7Qd2x");
    }

    @Test
    void duplicatesWithinAnEpochAreDroppedAndOtherRefsPass() {
        PositionTracker t = new PositionTracker();
        List<String> delivered = new ArrayList<>();
        for (String ref : new String[] {"1@a", "2@a", "2@a", "1@a", null, "3", "3@a", "1@b", "1@b", "2@b"}) {
            if (t.accept(ref)) {
                delivered.add(String.valueOf(ref));
            }
        }
        assertThat(delivered).containsExactly("1@a", "2@a", "null", "3", "3@a", "1@b", "2@b");
        assertThat(t.last()).contains(new Position(2, "b"));
    }

    @Test
    void theJoinParamIsTrueUntilAPositionIsKnown() {
        PositionTracker t = new PositionTracker();
        assertThat(t.joinParam()).isEqualTo(Boolean.TRUE);
        t.joined(new Recovery(true, "5@e", 0, null));
        assertThat(t.joinParam()).isEqualTo("5@e");
        t.accept("6@e");
        t.joined(new Recovery(true, "9@e", 3, null));
        assertThat(t.joinParam()).as("recovered: the replay follows from our position").isEqualTo("6@e");
        t.joined(new Recovery(false, "2@f", 0, "epoch_changed"));
        assertThat(t.joinParam()).as("not recovered: continue from the server's").isEqualTo("2@f");
        t.joined(new Recovery(false, null, 0, "no_history"));
        assertThat(t.joinParam()).isEqualTo("2@f");
    }

    @Test
    void joinResponsesAreSplitIntoTheAppsResponseAndTheRecovery() {
        JoinResponse merged = JoinResponse.split(Payload.parse(
                "{\"a\":1,\"recovery\":{\"recovered\":false,\"position\":\"0@e\",\"replayed\":0,\"reason\":\"too_old\"}}"));
        assertThat(merged.response()).isEqualTo(Payload.parse("{\"a\":1}"));
        assertThat(merged.recovery()).contains(new Recovery(false, "0@e", 0, "too_old"));

        JoinResponse wrapped = JoinResponse.split(Payload.parse(
                "{\"recovery\":{\"recovered\":true,\"position\":\"1@e\",\"replayed\":0},\"response\":\"text\"}"));
        assertThat(wrapped.response()).isEqualTo(Payload.parse("\"text\""));

        JoinResponse objectResponseKey = JoinResponse.split(Payload.parse(
                "{\"recovery\":{\"recovered\":true,\"position\":\"1@e\",\"replayed\":0},\"response\":{\"x\":1}}"));
        assertThat(objectResponseKey.response()).as("an app object with a response key stays whole")
                .isEqualTo(Payload.parse("{\"response\":{\"x\":1}}"));

        JoinResponse plain = JoinResponse.split(Payload.parse("{\"recovery\":\"not an object\"}"));
        assertThat(plain.recovery()).isEmpty();
        assertThat(plain.response()).isEqualTo(Payload.parse("{\"recovery\":\"not an object\"}"));
    }

    @Test
    void recoveryObjectsAreReadLeniently() throws Exception {
        JsonNode node = Json.MAPPER.readTree("{\"recovered\":true,\"position\":\"3@e\",\"replayed\":\"x\",\"extra\":1}");
        assertThat(Recovery.from(node)).contains(new Recovery(true, "3@e", 0, null));
        assertThat(Recovery.from(Json.MAPPER.readTree("{\"recovered\":\"yes\"}"))).isEmpty();
    }
}
