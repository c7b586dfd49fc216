package dev.switchboard.testsupport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void theSampleKeysAcceptValueIsTheRfcs() {
        assertThat(Handshake.acceptFor(Handshake.SAMPLE_KEY)).isEqualTo(Handshake.SAMPLE_ACCEPT);
    }

    @Test
    void aDefaultRequestIsAValidUpgrade() {
        assertThat(Handshake.to("/socket/websocket?vsn=2.0.0").text()).isEqualTo("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }

    @Test
    void partsCanBeLeftOutOrAdded() {
        String text = Handshake.to("/x").method("POST").key(null).version(null).origin("https://a.example")
                .subprotocols("phoenix", Handshake.authTokenProtocol("ab")).text();
        assertThat(text).startsWith("POST /x HTTP/1.1\r\n").doesNotContain("Sec-WebSocket-Key", "Sec-WebSocket-Version")
                .contains("Origin: https://a.example\r\n")
                .contains("Sec-WebSocket-Protocol: phoenix, base64url.bearer.phx.YWI\r\n");
    }
}
