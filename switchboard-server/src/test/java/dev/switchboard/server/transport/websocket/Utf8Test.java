package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {
    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "café", "€ and ✓", "😀 outside the BMP", "\u0000", "\uFFFF", "\uD83F\uDFFF"})
    void wellFormedTextIsValid(String text) {
        assertThat(Utf8.isValid(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80",           // a continuation byte first
        "C0AF",         // overlong '/'
        "C1BF",         // overlong
        "E080AF",       // overlong three-byte
        "EDA080",       // a UTF-16 surrogate (U+D800)
        "F08280AF",     // overlong four-byte
        "F4908080",     // above U+10FFFF
        "F5808080",     // no such lead byte
        "C3",           // truncated two-byte
        "E282",         // truncated three-byte
        "F09F98",       // truncated four-byte
        "C328",         // a lead byte without its continuation
        "61FF62"        // 0xFF never appears
    })
    void malformedBytesAreInvalid(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        assertThat(Utf8.isValid(bytes)).as(hex).isFalse();
    }
}
