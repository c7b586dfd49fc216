package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardCodecTest {

    @Test
    void requestsRoundTrip() throws IOException {
        byte[] body = "[\"1\",\"1\",\"room:a\",\"phx_join\",{}]".getBytes(StandardCharsets.UTF_8);
        ForwardCodec.Request r = new ForwardCodec.Request(42, "POST", "/socket", "tok", "application/x-ndjson", body);
        ForwardCodec.Request back = ForwardCodec.request(ForwardCodec.encode(r));
        assertThat(back.id()).isEqualTo(42);
        assertThat(back.method()).isEqualTo("POST");
        assertThat(back.mountPath()).isEqualTo("/socket");
        assertThat(back.token()).isEqualTo("tok");
        assertThat(back.contentType()).isEqualTo("application/x-ndjson");
        assertThat(back.body()).isEqualTo(body);

        ForwardCodec.Request get = new ForwardCodec.Request(7, "GET", "/s", "t", null, new byte[0]);
        assertThat(ForwardCodec.request(ForwardCodec.encode(get)).contentType()).isNull();
    }

    @Test
    void answersAcksAndCancelsRoundTrip() throws IOException {
        ForwardCodec.Answer a = new ForwardCodec.Answer(9, 200, List.of(Map.entry("content-type", "application/json")),
                "{\"status\":204}".getBytes(StandardCharsets.UTF_8));
        ForwardCodec.Answer back = ForwardCodec.answer(ForwardCodec.encode(a));
        assertThat(back.id()).isEqualTo(9);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.headers()).containsExactly(Map.entry("content-type", "application/json"));
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":204}");
        assertThat(ForwardCodec.ack(ForwardCodec.encode(new ForwardCodec.Ack(3, false)))).isEqualTo(new ForwardCodec.Ack(3, false));
        assertThat(ForwardCodec.cancel(ForwardCodec.encode(new ForwardCodec.Cancel(5)))).isEqualTo(new ForwardCodec.Cancel(5));
    }

    @Test
    void unreadableBytesAreRefusedNotMisread() {
        byte[] good = ForwardCodec.encode(new ForwardCodec.Request(1, "GET", "/s", "t", null, new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> ForwardCodec.request(new byte[0])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ForwardCodec.request("hello".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ForwardCodec.request(Arrays.copyOf(good, good.length - 1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ForwardCodec.request(Arrays.copyOf(good, good.length + 1))).isInstanceOf(IOException.class);
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> ForwardCodec.request(otherVersion)).isInstanceOf(IOException.class)
                .hasMessageContaining("version");
        byte[] hugeBody = ForwardCodec.encode(new ForwardCodec.Cancel(1));
        assertThatThrownBy(() -> ForwardCodec.answer(hugeBody)).isInstanceOf(IOException.class);
    }
}
