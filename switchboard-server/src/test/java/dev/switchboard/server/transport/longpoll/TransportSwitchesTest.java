package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which transports a socket offers: per socket ({@link SocketOptions}) and per server ({@code longPoll}). */
class TransportSwitchesTest {

    private static String statusOf(SwitchboardServer server, String method, String target) throws IOException {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            return raw.readLine();
        }
    }

    @Test
    void bothTransportsByDefault() throws IOException {
        try (SwitchboardServer server = SwitchboardServer.builder().port(0)
                .socket(SocketDefinition.builder("/socket").build()).build().start()) {
            assertThat(new LongPollClient("http://127.0.0.1:" + server.port() + "/socket/longpoll", "vsn=2.0.0").get().status())
                    .isEqualTo(410);
        }
    }

    @Test
    void socketOptionsSwitchEachTransportOff() throws IOException {
        try (SwitchboardServer server = SwitchboardServer.builder().port(0)
                .socket(SocketDefinition.builder("/no-lp").options(SocketOptions.DEFAULTS.withLongpoll(false)).build())
                .socket(SocketDefinition.builder("/no-ws").options(SocketOptions.DEFAULTS.withWebsocket(false)).build())
                .build().start()) {
            assertThat(statusOf(server, "GET", "/no-lp/longpoll?vsn=2.0.0")).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(statusOf(server, "GET", "/no-ws/websocket?vsn=2.0.0")).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(new LongPollClient("http://127.0.0.1:" + server.port() + "/no-ws/longpoll", "vsn=2.0.0").get().status())
                    .isEqualTo(410);
        }
    }

    @Test
    void serverSwitchTurnsLongPollOffEverywhere() throws IOException {
        try (SwitchboardServer server = SwitchboardServer.builder().port(0).longPoll(false)
                .socket(SocketDefinition.builder("/socket").build()).build().start()) {
            assertThat(statusOf(server, "GET", "/socket/longpoll?vsn=2.0.0")).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void defaultsMatchPhoenix() {
        assertThat(LongPollOptions.DEFAULTS.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(LongPollOptions.DEFAULTS.effectiveSessionLifetime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(LongPollOptions.DEFAULTS.withWindow(Duration.ofSeconds(2)).effectiveSessionLifetime())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(LongPollOptions.DEFAULTS.tokenMaxAge()).isEqualTo(Duration.ofDays(14));
        assertThat(SocketOptions.DEFAULTS.websocket()).isTrue();
        assertThat(SocketOptions.DEFAULTS.longpoll()).isTrue();
    }
}
