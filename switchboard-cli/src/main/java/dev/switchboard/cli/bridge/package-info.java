/**
 * The bridge on the command line: {@code switchboard bridge} (websocketd mode),
 * {@code switchboard publish} (a program's lines to a topic) and {@code serve --bridge}
 * ({@link dev.switchboard.cli.bridge.ServeBridges}, programs behind the demo socket's channels).
 * The work itself lives in the {@code switchboard-bridge} module; these classes only read flags.
 */
package dev.switchboard.cli.bridge;
