package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.admin.AdminOptions;
import dev.switchboard.server.drain.DrainOptions;
import dev.switchboard.server.http.HttpOptions;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.limits.ConnectionLimits;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import dev.switchboard.server.transport.websocket.WebSocketOptions;
import dev.switchboard.socket.SocketOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables state the defaults the options records define: every row
 * with a default derived from a constant is rendered from that constant here and compared, so a
 * changed default cannot leave the README behind.
 */
class ReadmeConfigurationTest {
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\| ([^|]+) \\|", Pattern.MULTILINE);

    /** Option cell → the default the README must show, rendered from the constants. */
    private static Map<String, String> expected() {
        Map<String, String> m = new LinkedHashMap<>();
        SocketOptions socket = SocketOptions.DEFAULTS;
        m.put("`maxChannels`", number(socket.maxChannels()));
        m.put("`idleTimeout`", duration(socket.idleTimeout()));
        m.put("`maxFrameBytes`", number(socket.maxFrameBytes()));
        m.put("`maxJoinsPerSecond`", number(socket.maxJoinsPerSecond()) + " (bursts of " + number(socket.joinBurst()) + ")");
        m.put("`authToken`", socket.authToken() ? "on" : "off");
        m.put("`websocket`, `longpoll`", socket.websocket() && socket.longpoll() ? "both on" : "?");
        m.put("`host`, `port`", ListenOptions.DEFAULT_HOST + ", " + ListenOptions.DEFAULT_PORT);
        m.put("`ioThreads`", "one per core");
        m.put("`acceptBacklog`", number(ListenOptions.DEFAULT_ACCEPT_BACKLOG));
        m.put("`maxHttpBodyBytes`", bytes(HttpOptions.DEFAULT_MAX_BODY_BYTES));
        m.put("`staticResources`", HttpOptions.DEFAULTS.staticResources() == null ? "none" : "?");
        m.put("`broadcastApi`", "off (on in the demo)");
        m.put("`apiKey`", "none: loopback clients only");
        m.put("`maxOutboundBytes`", bytes(OutboundOptions.DEFAULT_MAX_OUTBOUND_BYTES));
        m.put("`writeBufferLowWaterMark`, `writeBufferHighWaterMark`",
                bytes(OutboundOptions.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK) + ", "
                        + bytes(OutboundOptions.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK));
        m.put("`maxOutboundAge`", duration(OutboundOptions.DEFAULT_MAX_OUTBOUND_AGE));
        DrainOptions drain = DrainOptions.DEFAULTS;
        m.put("`drain`", "grace " + duration(drain.healthGrace()) + ", batches of " + number(drain.batchSize())
                + " every " + duration(drain.batchInterval()) + ", deadline " + duration(drain.deadline()));
        m.put("`drainApi`", "off (on in the demo)");
        m.put("`adminApi`", AdminOptions.DEFAULTS.enabled() ? "?" : "off (on in the demo)");
        m.put("`adminKey`", AdminOptions.DEFAULTS.adminKey() == null ? "none: loopback clients only" : "?");
        m.put("`maxConnections`", number(ConnectionLimits.DEFAULT_MAX_CONNECTIONS));
        m.put("`maxConnectionsPerIp`", number(ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_IP));
        m.put("`handshakeTimeout`", duration(ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT));
        m.put("`longPoll`", "on");
        LongPollOptions lp = LongPollOptions.DEFAULTS;
        m.put("`longPollOptions`", "window " + duration(lp.window()) + ", lifetime " + duration(lp.effectiveSessionLifetime())
                + ", token max age " + duration(lp.tokenMaxAge()));
        m.put("`allowedOrigins`", "own host only");
        m.put("`compression`", WebSocketOptions.DEFAULTS.compression() ? "?" : "off");
        m.put("`compressMinBytes`", number(WebSocketOptions.DEFAULT_COMPRESS_MIN_BYTES));
        m.put("`nodeId`, `secretKey`", "random per server");
        return m;
    }

    @Test
    void everyDocumentedDefaultMatchesItsConstantAndEveryOptionIsDocumented() throws IOException {
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        String config = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("### TLS"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(config);
        while (row.find()) {
            documented.put(row.group(1).trim(), row.group(2).trim());
        }

        assertThat(documented).containsExactlyInAnyOrderEntriesOf(expected());
    }

    private static Path readme() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path file = base.resolveSibling("README.md");
        return Files.exists(file) ? file : base.resolve("README.md");
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String bytes(long n) {
        if (n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB";
        }
        if (n % 1024 == 0) {
            return n / 1024 + " KiB";
        }
        return number(n) + " bytes";
    }

    private static String duration(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + " days";
        }
        return d.toSeconds() + " s";
    }
}
