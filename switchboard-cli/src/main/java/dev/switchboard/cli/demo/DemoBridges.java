package dev.switchboard.cli.demo;

import dev.switchboard.bridge.channel.ChannelBridge;
import dev.switchboard.bridge.channel.LineFormat;
import dev.switchboard.bridge.process.Executables;
import dev.switchboard.bridge.process.Program;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programs the demo bridges, to show both channel modes:
 *
 * <ul>
 *   <li>{@value #METRICS} — one process per topic: {@code system-metrics.sh} prints this machine's
 *       CPU and memory every second ({@code {"cpu", "mem_used_mb", "mem_total_mb", "ts"}} as event
 *       {@code data}); the chat page charts {@code metrics:system}.</li>
 *   <li>{@value #CALC} — one process per join: {@code bc}, a line REPL (push {@code "line"} with
 *       {@code {"line": "2+3"}}, receive {@code "line"} {@code {"line": "5"}}); left out when
 *       {@code bc} is not installed.</li>
 * </ul>
 */
public final class DemoBridges {
    private static final Logger log = LoggerFactory.getLogger(DemoBridges.class);
    public static final String METRICS = "metrics:*";
    public static final String CALC = "calc:*";
    /** The metrics script, on the classpath. */
    static final String METRICS_SCRIPT = "demo/system-metrics.sh";

    private DemoBridges() {}

    public static List<ChannelBridge> defaults() {
        List<ChannelBridge> bridges = new ArrayList<>();
        bridges.add(ChannelBridge.perTopic(METRICS, Program.of("/bin/sh", extractMetricsScript().toString()))
                .maxLinesPerSecond(10).build());
        if (Executables.find("bc").isPresent()) {
            bridges.add(ChannelBridge.perJoin(CALC, Program.of("bc", "-q")).format(LineFormat.LINES)
                    .maxProcesses(64).build());
        } else {
            log.info("bc is not installed: the demo's {} REPL is not bridged", CALC);
        }
        return bridges;
    }

    /** The script as a file (programs need a path); removed when the JVM exits. */
    private static Path extractMetricsScript() {
        try (InputStream in = DemoBridges.class.getClassLoader().getResourceAsStream(METRICS_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(METRICS_SCRIPT + " is missing from the classpath");
            }
            Path file = Files.createTempFile("switchboard-system-metrics-", ".sh");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's metrics script", e);
        }
    }

}
