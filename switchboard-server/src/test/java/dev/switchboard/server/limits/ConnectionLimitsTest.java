package dev.switchboard.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.net.RawConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private static final String GET = "GET /socket/longpoll?vsn=2.0.0 HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final String GET_AND_CLOSE =
            "GET /socket/longpoll?vsn=2.0.0 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    private SwitchboardServer server;
    private final List<RawConnection> sockets = new ArrayList<>();

    @AfterEach
    void stop() {
        for (RawConnection s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(UnaryOperator<SwitchboardServer.Builder> settings) {
        server = settings.apply(SwitchboardServer.builder().port(0)
                .socket(SocketDefinition.builder("/socket").channel("room:*", () -> (t, p, c) -> JoinResult.ok()).build()))
                .build().start();
    }

    private RawConnection open(String from) throws IOException {
        RawConnection s = RawConnection.to(server.port()).from(from).connectTimeout(Duration.ofSeconds(2)).open();
        sockets.add(s);
        return s;
    }

    /** Everything the server sends until it closes the connection (a reset after the answer still leaves the answer). */
    private static String readAll(RawConnection s) throws IOException {
        return s.readToEndText();
    }

    private static String request(RawConnection s, String request) throws IOException {
        s.write(request);
        return readAll(s);
    }

    @Test
    void theDefaultsAreNamedAndLeaveRoomForTheLoopbackBenchmark() {
        ConnectionLimits d = ConnectionLimits.DEFAULTS;
        assertThat(d.maxConnections()).isEqualTo(100_000);
        assertThat(d.maxConnectionsPerIp()).isEqualTo(1_000);
        assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        // switchboard bench spreads over 32 loopback source addresses by default
        assertThat(32L * d.maxConnectionsPerIp()).isGreaterThanOrEqualTo(19_000);
    }

    @Test
    void aConnectionOverThePerIpLimitGets429NamingTheLimitAndOthersStillConnect() throws Exception {
        start(b -> b.maxConnectionsPerIp(2));
        open("127.0.0.1");
        open("127.0.0.1");
        await().until(() -> server.openConnections() == 2);

        String answer = request(open("127.0.0.1"), GET);
        assertThat(answer).startsWith("HTTP/1.1 429 Too Many Requests")
                .contains("too many connections from your address (maxConnectionsPerIp 2)");
        assertThat(server.limitCounters().maxConnectionsPerIpHits()).isEqualTo(1);

        // another address has its own allowance
        assertThat(request(open("127.0.0.2"), GET_AND_CLOSE)).startsWith("HTTP/1.1 200");

        // closing one frees its slot
        sockets.get(0).close();
        await().until(() -> server.openConnections() <= 1);
        assertThat(request(open("127.0.0.1"), GET_AND_CLOSE)).startsWith("HTTP/1.1 200");
    }

    @Test
    void aConnectionOverTheServerLimitGets503NamingTheLimit() throws Exception {
        start(b -> b.maxConnections(2));
        open("127.0.0.1");
        open("127.0.0.2");
        await().until(() -> server.openConnections() == 2);

        String answer = request(open("127.0.0.3"), GET);
        assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable")
                .contains("server connection limit reached (maxConnections 2)");
        assertThat(server.limitCounters().maxConnectionsHits()).isEqualTo(1);
        assertThat(server.openConnections()).isEqualTo(2);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        start(b -> b.handshakeTimeout(Duration.ofMillis(500)));
        RawConnection silent = open("127.0.0.1");
        long started = System.nanoTime();

        assertThat(readAll(silent)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(server.limitCounters().handshakeTimeoutHits()).isEqualTo(1);
        await().until(() -> server.openConnections() == 0);
    }

    @Test
    void aRequestThatTricklesIn408sNamingTheLimit() throws Exception {
        start(b -> b.handshakeTimeout(Duration.ofMillis(500)));
        RawConnection slow = open("127.0.0.1");
        slow.write("GET /socket/longpoll HTTP/1.1\r\nHost: localhost\r\n");

        assertThat(readAll(slow)).startsWith("HTTP/1.1 408 Request Timeout").contains("(handshakeTimeout)");
        assertThat(server.limitCounters().handshakeTimeoutHits()).isEqualTo(1);
    }

    @Test
    void aKeepAliveConnectionGetsAFreshDeadlineForEachRequest() throws Exception {
        start(b -> b.handshakeTimeout(Duration.ofMillis(1_500)));
        RawConnection client = open("127.0.0.1");
        for (int i = 0; i < 2; i++) {
            Thread.sleep(900); // each request comes in time, together they take longer than the deadline
            client.write(GET);
            assertThat(ResponseReader.read(client.input(), true).statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(server.limitCounters().handshakeTimeoutHits()).isZero();
        // and once idle past the deadline, the connection goes
        assertThat(readAll(client)).isEmpty();
    }

    @Test
    void limitsAreValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectionLimits.DEFAULTS.withMaxConnectionsPerIp(0))
                .hasMessageContaining("maxConnectionsPerIp");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectionLimits.DEFAULTS.withHandshakeTimeout(Duration.ZERO))
                .hasMessageContaining("handshakeTimeout");
    }
}
