package dev.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command. */
@Command(
        name = "switchboard",
        mixinStandardHelpOptions = true,
        version = "switchboard " + Main.VERSION,
        description = "A real-time messaging server for the JVM speaking the Phoenix Channels protocol.",
        subcommands = {ServeCommand.class, dev.switchboard.cli.bench.BenchCommand.class, TokenCommand.class,
                dev.switchboard.cli.bridge.BridgeCommand.class, dev.switchboard.cli.bridge.PublishCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** The version printed by {@code switchboard --version}. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** Without a subcommand, say what is available instead of doing nothing. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand, e.g. 'switchboard serve'");
    }
}
