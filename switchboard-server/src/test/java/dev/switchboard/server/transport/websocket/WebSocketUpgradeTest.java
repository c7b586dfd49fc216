package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.WireFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketUpgradeTest {

    @Test
    void missingVsnMeansVersionOne() {
        assertThat(WebSocketUpgrade.negotiate(null).format()).isEqualTo(WireFormat.V1_JSON);
    }

    @Test
    void versionTwoAndItsPatchReleases() {
        assertThat(WebSocketUpgrade.negotiate("2.0.0").format()).isEqualTo(WireFormat.V2);
        assertThat(WebSocketUpgrade.negotiate("2.0.9").format()).isEqualTo(WireFormat.V2);
    }

    @Test
    void unknownOrNonStringVersionsAreRefused() {
        assertThat(WebSocketUpgrade.negotiate("2.1.0")).isNull();
        assertThat(WebSocketUpgrade.negotiate("abc")).isNull();
        // vsn[]=2.0.0 arrives as a nested map
        assertThat(WebSocketUpgrade.negotiate(Map.of("0", "2.0.0"))).isNull();
    }

    @Test
    void theKeyMustBeTheBase64OfSixteenBytes() {
        assertThat(WebSocketUpgrade.validKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
        assertThat(WebSocketUpgrade.validKey("abc")).isFalse();
        assertThat(WebSocketUpgrade.validKey("")).isFalse();
        assertThat(WebSocketUpgrade.validKey(null)).isFalse();
        assertThat(WebSocketUpgrade.validKey("!!!!!!!!!!!!!!!!!!!!!!!!")).isFalse();
    }
}
