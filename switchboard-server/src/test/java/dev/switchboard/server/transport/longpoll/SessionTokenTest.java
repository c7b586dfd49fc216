package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SessionTokenTest {

    @Test
    void roundTrip() {
        SessionToken token = new SessionToken("node-1.a:b_C", "/socket/ünï", 63, -123456789L);
        assertThat(SessionToken.decode(token.encode())).isEqualTo(token);
    }

    @Test
    void truncatedOrExtendedBytesAreRefused() {
        byte[] bytes = new SessionToken("n", "/s", 0, 1).encode();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> SessionToken.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SessionToken.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageContaining("trailing");
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> SessionToken.decode(otherVersion)).hasMessageContaining("version");
    }

    @Test
    void nodeIdsAreRestrictedToTopicSafeCharacters() {
        assertThatThrownBy(() -> new SessionToken("", "/s", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionToken("a b", "/s", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionToken("x".repeat(65), "/s", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionToken("n", "/s", 256, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
