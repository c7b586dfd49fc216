package dev.switchboard.cli.bridge;

import dev.switchboard.bridge.channel.BridgeMode;
import dev.switchboard.bridge.channel.BridgeSpecs;
import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.bridge.channel.ChannelBridge;
import dev.switchboard.bridge.process.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code serve --bridge 'PATTERN[OPTIONS]=COMMAND'} (repeatable): programs behind the demo
 * socket's channels, next to the demo's own bridges, which a {@code --bridge} for the same
 * pattern replaces; with the limits they share ({@code --bridge-max-processes},
 * {@code --bridge-passenv}, {@code --bridge-closems}). A picocli mixin, so {@code serve} only
 * declares it and builds the result.
 */
public final class ServeBridges {
    @Option(names = "--bridge", paramLabel = "PATTERN[OPTIONS]=COMMAND",
            description = {
                "Serve topics matching PATTERN with a program: one process per join (default) or [topic] per topic;"
                        + " JSON lines (default) or [lines]; also [pty], [shell], [max=N], [rate=N], [grace=5s]. Repeatable.",
                "  --bridge 'calc:*[lines]=bc -q'   --bridge 'ticker:*[topic]=python3 ticker.py'  (see docs/BRIDGE.md)"
            })
    private List<String> specs = new ArrayList<>();

    @Option(names = "--bridge-max-processes", paramLabel = "N", defaultValue = "" + Bridges.DEFAULT_MAX_PROCESSES,
            description = "Bridged programs running at once, the demo's included; one more join is refused with the reason.")
    private int maxProcesses = Bridges.DEFAULT_MAX_PROCESSES;

    @Option(names = "--bridge-passenv", paramLabel = "VAR", split = ",", defaultValue = "PATH,LD_LIBRARY_PATH",
            description = "The server's environment variables that --bridge programs see; nothing else of it reaches them.")
    private List<String> passEnv = Program.DEFAULT_PASS_ENV;

    @Option(names = "--bridge-closems", paramLabel = "MS", defaultValue = "0",
            description = "Added to each step of stopping a bridged program (leave, last subscriber gone, shutdown):"
                    + " stdin is closed, then SIGINT after 100 ms + MS, SIGTERM 250 ms + MS later, SIGKILL 500 ms + MS later.")
    private long closeMs;

    /**
     * The bridges to serve: {@code defaults} (the demo's), then every {@code --bridge}, which
     * replaces a default with the same pattern.
     *
     * @throws CommandLine.ParameterException naming the {@code --bridge} value that is wrong
     */
    public Bridges build(CommandLine commandLine, List<ChannelBridge> defaults) {
        for (String name : passEnv) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new CommandLine.ParameterException(commandLine, "--bridge-passenv: not an environment variable name: '"
                        + name + "'");
            }
        }
        Map<String, ChannelBridge> byPattern = new LinkedHashMap<>();
        for (String spec : specs) {
            ChannelBridge bridge;
            try {
                bridge = BridgeSpecs.parse(spec, passEnv);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "--bridge '" + spec + "': " + e.getMessage());
            }
            if (byPattern.put(bridge.pattern(), bridge) != null) {
                throw new CommandLine.ParameterException(commandLine, "--bridge: two bridges for the pattern " + bridge.pattern());
            }
        }
        for (ChannelBridge bridge : defaults) {
            byPattern.putIfAbsent(bridge.pattern(), bridge);
        }
        try {
            return Bridges.builder().bridges(List.copyOf(byPattern.values())).maxProcesses(maxProcesses)
                    .closeMs(closeMs).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage().startsWith("max processes")
                    ? "--bridge-max-processes: " + e.getMessage() : "--bridge-closems: " + e.getMessage());
        }
    }

    /** The banner line: which patterns run which programs. */
    public static String describe(Bridges bridges) {
        if (bridges.bridges().isEmpty()) {
            return "Bridged programs: none (add some with --bridge).";
        }
        return "Bridged programs: " + bridges.bridges().stream()
                .map(b -> b.pattern() + " (" + (b.mode() == BridgeMode.PER_TOPIC ? "per topic" : "per join")
                        + ", " + b.format().name().toLowerCase() + ") -> " + b.program().display())
                .collect(Collectors.joining("; ")) + ".";
    }
}
