package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.ClientOptions;
import dev.switchboard.cli.bench.client.Frames;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every bench scenario takes. */
final class BenchOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:4000/socket/websocket",
            description = {"Phoenix socket endpoint; vsn=2.0.0 is appended.",
                "Several, comma-separated, spread the connections over the nodes of a cluster round-robin"
                        + " (connection i goes to URL i mod count; fan-out's publisher is connection 0)."})
    String url;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "PID of the server when it runs on this machine: its CPU (and, for idle, memory) is reported.")
    Long serverPid;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure and parameter as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report with plots.")
    Path html;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "bench",
            description = "Topic name; connections join room:NAME (or room:NAME-i where a scenario needs several).")
    String topic;

    @Option(names = "--payload-bytes", paramLabel = "BYTES", defaultValue = "" + Frames.DEFAULT_PAYLOAD_BYTES,
            description = "Size of each message payload (JSON object).")
    int payloadBytes;

    @Option(names = "--payload-fill", paramLabel = "FILL", defaultValue = "x",
            description = "What pads payloads to --payload-bytes: x (one letter repeated) or text (words, as in a chat;"
                    + " what compression should be measured with).")
    Frames.Fill payloadFill;

    @Option(names = "--compress",
            description = "Offer permessage-deflate, as browsers do (the server compresses only with its --compress);"
                    + " fan-out then reports the bytes on the wire per delivery.")
    boolean compress;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Client event loops; 0 = one per core.")
    int threads;

    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "32",
            description = "Spread connections over 127.0.0.2 … 127.0.0.(N+1) when the server is on loopback; 0 = let the OS choose.")
    int sourceAddresses;

    @Option(names = "--connect-concurrency", paramLabel = "N", defaultValue = "200",
            description = "Connection handshakes in flight at once.")
    int connectConcurrency;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Per connection: TCP connect plus WebSocket handshake.")
    int connectTimeout;

    @Option(names = "--op-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Per join/leave: time to wait for the reply.")
    int opTimeout;

    @Option(names = "--phase-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Upper bound for any one phase (connecting everybody, publishing everything).")
    int phaseTimeout;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up waiting for outstanding messages after this long without progress.")
    int drainTimeout;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "30",
            description = "Phoenix heartbeat interval on every connection (servers close silent sockets).")
    int heartbeat;

    int threadCount() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    ClientOptions clientOptions() {
        java.util.List<java.net.URI> uris = new java.util.ArrayList<>();
        for (String one : url.split(",")) {
            if (!one.isBlank()) {
                uris.add(ClientOptions.withVsn(one.trim()));
            }
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("--url names no endpoint");
        }
        return new ClientOptions(uris, threadCount(), sourceAddresses,
                Duration.ofSeconds(connectTimeout), Duration.ofSeconds(opTimeout), Duration.ofSeconds(heartbeat), compress);
    }

    long phaseNanos() {
        return Duration.ofSeconds(phaseTimeout).toNanos();
    }

    long drainNanos() {
        return Duration.ofSeconds(drainTimeout).toNanos();
    }
}
