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
 * pattern replaces. A picocli mixin, so {@code serve} only declares it and builds the result.
 */
public final class ServeBridges {
    @Option(names = "--bridge", paramLabel = "PATTERN[OPTIONS]=COMMAND",
            description = {
                "Serve topics matching PATTERN with a program: one process per join (default) or [topic] per topic;"
                        + " JSON lines (default) or [lines]; also [pty], [shell], [max=N], [rate=N], [grace=5s]. Repeatable.",
                "  --bridge 'calc:*[lines]=bc -q'   --bridge 'ticker:*[topic]=python3 ticker.py'  (see docs/BRIDGE.md)"
            })
    private List<String> specs = new ArrayList<>();

    /**
     * The bridges to serve: {@code defaults} (the demo's), then every {@code --bridge}, which
     * replaces a default with the same pattern.
     *
     * @throws CommandLine.ParameterException naming the {@code --bridge} value that is wrong
     */
    public Bridges build(CommandLine commandLine, List<ChannelBridge> defaults) {
        Map<String, ChannelBridge> byPattern = new LinkedHashMap<>();
        for (String spec : specs) {
            ChannelBridge bridge;
            try {
                bridge = BridgeSpecs.parse(spec, Program.DEFAULT_PASS_ENV);
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
        return Bridges.builder().bridges(List.copyOf(byPattern.values())).build();
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
