package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void serveHelpListsPortAndHostWithTheirDefaults() {
        int exit = run("serve", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Usage: switchboard serve")
                .contains("--port=PORT").contains("Default: 4000")
                .contains("--host=HOST").contains("Default: 127.0.0.1");
    }

    @Test
    void topLevelHelpListsTheServeCommand() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: switchboard").contains("serve");
    }

    @Test
    void versionPrintsTheVersionConstant() {
        int exit = run("--version");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("switchboard " + Main.VERSION);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        int exit = run("serve", "--bogus");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage: switchboard serve");
    }

    @Test
    void aPortThatIsNotANumberIsAUsageError() {
        int exit = run("serve", "--port", "http");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        int exit = run("serve", "--port", "70000");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--port: port must be 0-65535, got 70000");
    }

    @Test
    void aValueTheServerRefusesIsAUsageErrorNamingTheFlag() {
        assertThat(run("serve", "--max-connections-per-ip", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-connections-per-ip: maxConnectionsPerIp must be at least 1");
    }

    @Test
    void aShortSecretKeyIsAUsageErrorNamingTheFlag() {
        assertThat(run("serve", "--secret-key", "too-short")).isEqualTo(2);
        assertThat(err.toString()).contains("--secret-key: secretKey needs at least 32 bytes");
    }

    @Test
    void noSubcommandIsAUsageError() {
        int exit = run();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }
}
