package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthTokenProtocolTest {

    @Test
    void decodesTheTokenPhoenixJsSendsAndRemovesItFromTheOffer() throws Exception {
        // btoa("secret-token") = "c2VjcmV0LXRva2Vu"
        AuthTokenProtocol p = AuthTokenProtocol.parse(List.of("phoenix, base64url.bearer.phx.c2VjcmV0LXRva2Vu"), true);
        assertThat(p.token()).isEqualTo("secret-token");
        assertThat(p.offered()).containsExactly("phoenix");
    }

    @Test
    void acceptsMissingPaddingAndTheUrlSafeAlphabet() throws Exception {
        // "a?>" encodes to "YT8+" in standard base64: '+' may arrive as '-'.
        assertThat(AuthTokenProtocol.parse(List.of("phoenix, base64url.bearer.phx.YT8-"), true).token()).isEqualTo("a?>");
        // "ab" is "YWI=" padded; phoenix.js strips the '='.
        assertThat(AuthTokenProtocol.parse(List.of("phoenix, base64url.bearer.phx.YWI"), true).token()).isEqualTo("ab");
    }

    @Test
    void noTokenOffered() throws Exception {
        AuthTokenProtocol p = AuthTokenProtocol.parse(List.of(), true);
        assertThat(p.token()).isNull();
        assertThat(p.offered()).isEmpty();
    }

    @Test
    void whenDisabledTheTokenEntryIsJustAnotherSubprotocol() throws Exception {
        AuthTokenProtocol p = AuthTokenProtocol.parse(List.of("phoenix, base64url.bearer.phx.YWI"), false);
        assertThat(p.token()).isNull();
        assertThat(p.offered()).containsExactly("phoenix", "base64url.bearer.phx.YWI");
    }

    @Test
    void rejectsTwoTokensAndUndecodableOnes() {
        assertThatThrownBy(() -> AuthTokenProtocol.parse(
                List.of("base64url.bearer.phx.YWI", "base64url.bearer.phx.YWI"), true))
                .hasMessageContaining("more than one");
        assertThatThrownBy(() -> AuthTokenProtocol.parse(List.of("base64url.bearer.phx.!!!"), true))
                .hasMessageContaining("not valid base64");
    }
}
