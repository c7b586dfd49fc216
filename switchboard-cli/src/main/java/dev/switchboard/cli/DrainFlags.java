package dev.switchboard.cli;

import dev.switchboard.server.drain.DrainOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code serve} flags that shape the drain on SIGTERM, Ctrl-C or {@code POST /api/drain};
 * defaults are {@link DrainOptions#DEFAULTS} (Phoenix's drainer).
 */
final class DrainFlags {
    @Option(names = "--drain-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "5s",
            description = "On SIGTERM/Ctrl-C/POST /api/drain: how long /health answers 503 before the listener closes,"
                    + " so the load balancer stops sending clients first.")
    Duration grace;

    @Option(names = "--drain-batch-size", paramLabel = "N", defaultValue = "" + DrainOptions.DEFAULT_BATCH_SIZE,
            description = "Connections closed (with 1012, so clients reconnect elsewhere) per batch of the drain.")
    int batchSize;

    @Option(names = "--drain-batch-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "2s", description = "Time between two batches of the drain.")
    Duration batchInterval;

    @Option(names = "--drain-deadline", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30s",
            description = "Time after which the drain closes every connection left and the process exits.")
    Duration deadline;

    DrainOptions options() {
        return new DrainOptions(grace, batchSize, batchInterval, deadline);
    }
}
