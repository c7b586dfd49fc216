package dev.switchboard.cli.bridge;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Makes a subcommand stop reading its own options at the first positional argument, as websocketd
 * does: {@code switchboard bridge --port 8080 python3 -u app.py} passes {@code -u} to python3.
 * ({@code --} before the command works too.)
 */
public final class StopAtCommand implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        return spec;
    }
}
