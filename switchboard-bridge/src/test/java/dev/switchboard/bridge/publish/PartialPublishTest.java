package dev.switchboard.bridge.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading which messages of a batch the publish API did not publish (docs/API.md). */
class PartialPublishTest {

    @Test
    void theFailedAndUnknownIndexesAreWhatIsLeftTheRestWasPublished() {
        PartialPublish partial = PartialPublish.parse(
                "{\"error\":\"not published: ...\",\"failed\":[3,4],\"unknown\":[2],\"positions\":[\"1@e\",\"2@e\",null,null,null]}", 5);

        assertThat(partial.failed()).containsExactly(3, 4);
        assertThat(partial.unknown()).containsExactly(2);
        assertThat(partial.published()).isEqualTo(2);
    }

    @Test
    void withoutAnUnknownListOnlyTheFailedAreLeft() {
        PartialPublish partial = PartialPublish.parse("{\"error\":\"x\",\"failed\":[0,1,2]}", 3);

        assertThat(partial.failed()).containsExactly(0, 1, 2);
        assertThat(partial.unknown()).isEmpty();
        assertThat(partial.published()).isZero();
    }

    @Test
    void anAnswerThatDoesNotDescribeTheBatchMeansTheWholeBatchFailed() {
        assertThat(PartialPublish.parse("<html>502 Bad Gateway</html>", 3)).isNull();
        assertThat(PartialPublish.parse("{\"error\":\"the single-topic form\"}", 3)).isNull();
        assertThat(PartialPublish.parse("{\"failed\":[3]}", 3)).as("out of range").isNull();
        assertThat(PartialPublish.parse("{\"failed\":[1,1]}", 3)).as("twice").isNull();
        assertThat(PartialPublish.parse("{\"failed\":[\"a\"]}", 3)).isNull();
    }
}
