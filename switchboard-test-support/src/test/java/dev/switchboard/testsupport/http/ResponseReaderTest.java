package dev.switchboard.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    @Test
    void aContentLengthBodyAndRepeatedHeaders() throws Exception {
        RawResponse r = read("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 2\r\nVary: a\r\nvary: b\r\n\r\n{}rest", true);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 413 Payload Too Large");
        assertThat(r.header("VARY")).containsExactly("a", "b");
        assertThat(r.bodyText()).isEqualTo("{}");
    }

    @Test
    void aChunkedBody() throws Exception {
        RawResponse r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", true);
        assertThat(r.bodyText()).isEqualTo("abcde");
    }

    @Test
    void theHeadOnlyLeavesWhatFollowsInTheStream() throws Exception {
        InputStream in = stream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0000");
        RawResponse r = ResponseReader.read(in, true);
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.body()).isEmpty();
        assertThat(in.read()).isEqualTo(0x81);
    }

    @Test
    void whatGoesWrongIsToldApart() {
        assertThatThrownBy(() -> read("", false)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nX: y", false)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n", false)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort", true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("cut short");
    }

    private static RawResponse read(String text, boolean body) throws Exception {
        return ResponseReader.read(stream(text), body);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
