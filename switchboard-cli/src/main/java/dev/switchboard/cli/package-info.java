/**
 * The {@code switchboard} command line: {@link dev.switchboard.cli.Main} parses the arguments
 * with picocli and dispatches to one class per subcommand ({@code serve} for now). Exit codes:
 * 0 success, 1 runtime failure (for example a port already in use), 2 usage error.
 */
package dev.switchboard.cli;
