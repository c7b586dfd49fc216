package dev.switchboard.cli.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void payloadsHaveTheRequestedSizeAndCarryRoundSequenceAndTime() {
        String p = Frames.payload(1, 1234, 987654321L, 100);

        assertThat(p).hasSize(100).startsWith("{\"r\":1,\"s\":1234,\"t\":987654321,\"p\":\"x").endsWith("x\"}");
    }

    @Test
    void aPayloadTooSmallForItsNumbersIsAsSmallAsPossible() {
        assertThat(Frames.payload(1, 1, 1, 5)).isEqualTo("{\"r\":1,\"s\":1,\"t\":1,\"p\":\"\"}");
    }

    @Test
    void framesAreV2ArraysWithNullsForMissingRefs() {
        assertThat(Frames.text("1", "2", "room:a", "ping", "{}").toString()).isEqualTo("[\"1\",\"2\",\"room:a\",\"ping\",{}]");
        assertThat(Frames.heartbeat().toString()).isEqualTo("[null,\"hb\",\"phoenix\",\"heartbeat\",{}]");
    }

    @Test
    void vsnIsAppendedUnlessGiven() {
        assertThat(ClientOptions.withVsn("ws://h:1/socket/websocket")).isEqualTo(URI.create("ws://h:1/socket/websocket?vsn=2.0.0"));
        assertThat(ClientOptions.withVsn("ws://h:1/s?token=a")).isEqualTo(URI.create("ws://h:1/s?token=a&vsn=2.0.0"));
        assertThat(ClientOptions.withVsn("ws://h:1/s?vsn=2.0.0")).isEqualTo(URI.create("ws://h:1/s?vsn=2.0.0"));
    }
}
