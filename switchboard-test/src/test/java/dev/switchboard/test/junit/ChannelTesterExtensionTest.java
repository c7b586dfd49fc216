package dev.switchboard.test.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.test.ClientSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The extension's lifecycle: a fresh run per test, closed after it, the transcript on a failure. */
class ChannelTesterExtensionTest {
    private final ChannelTesterExtension kit = ChannelTesterExtension.of(SocketDefinition.builder("/socket")
            .channel("room:*", () -> (topic, params, ctx) -> JoinResult.ok())
            .build());

    @Test
    void afterEachClosesTheRunAndBeforeEachStartsAFreshOne() {
        ClientSocket client = kit.socket();
        client.subscribeAndJoin("room:a");
        kit.advance(Duration.ofSeconds(5));

        kit.afterEach(null);
        assertThat(client.isConnected()).isFalse();
        assertThatThrownBy(kit::socket).isInstanceOf(IllegalStateException.class).hasMessage("this ChannelTester is closed");

        kit.beforeEach(null);
        assertThat(kit.elapsed()).isZero();
        kit.socket().subscribeAndJoin("room:a");
    }

    @Test
    void aFailingTestCarriesTheTranscriptOfTheConversation() {
        kit.socket().subscribeAndJoin("room:a");
        AssertionError failure = new AssertionError("the test failed");

        assertThatThrownBy(() -> kit.handleTestExecutionException(null, failure)).isSameAs(failure);

        assertThat(failure.getSuppressed()).singleElement().satisfies(transcript -> assertThat(transcript.getMessage())
                .startsWith("what crossed the wire")
                .contains("client #1 → [\"1\",\"1\",\"room:a\",\"phx_join\",{}]")
                .contains("client #1 ← [\"1\",\"1\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]"));
    }
}
