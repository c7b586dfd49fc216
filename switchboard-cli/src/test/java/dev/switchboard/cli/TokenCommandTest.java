package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.security.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
    private static final String SECRET = "a-test-secret-of-more-than-32-bytes!!";
    private static final Map<String, String> ENV = Map.of("SWITCHBOARD_SECRET", SECRET, "SHORT", "too short");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TokenCommand(ENV::get));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String sign(String data) {
        assertThat(run("sign", "--salt", "user socket", "--data", data)).as(err.toString()).isZero();
        String token = out.toString().trim();
        out.getBuffer().setLength(0);
        return token;
    }

    @Test
    void aSignedTokenVerifiesAndPrintsItsData() {
        String token = sign("{\"user\":\"ann\"}");

        int exit = run("verify", "--secret-env", "SWITCHBOARD_SECRET", "--salt", "user socket", "--max-age", "1d", token);

        assertThat(exit).isZero();
        assertThat(out.toString().trim()).isEqualTo("{\"user\":\"ann\"}");
    }

    @Test
    void anExpiredTokenExitsOneSayingExpired() {
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        String old = Tokens.withSecret(SECRET.getBytes(StandardCharsets.UTF_8))
                .withClock(Clock.fixed(twoDaysAgo, ZoneOffset.UTC)).sign("user socket", Map.of("user", "ann"));

        int exit = run("verify", "--salt", "user socket", "--max-age", "1d", old);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("expired");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTokenForAnotherSaltOrTamperedExitsOneSayingInvalid() {
        String token = sign("{\"user\":\"ann\"}");

        assertThat(run("verify", "--salt", "admin socket", token)).isEqualTo(1);
        assertThat(run("verify", "--salt", "user socket", token + "x")).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("invalid"));
    }

    @Test
    void aMissingEnvironmentVariableIsAUsageErrorNamingIt() {
        int exit = run("sign", "--secret-env", "NOT_SET_ANYWHERE", "--salt", "s", "--data", "{}");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Environment variable NOT_SET_ANYWHERE is not set").contains("--secret-file");
    }

    @Test
    void aShortSecretBadJsonAndABadDurationAreUsageErrors() {
        assertThat(run("sign", "--secret-env", "SHORT", "--salt", "s", "--data", "{}")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 32");
        assertThat(run("sign", "--salt", "s", "--data", "{user: ann")).isEqualTo(2);
        assertThat(err.toString()).contains("--data is not valid JSON");
        assertThat(run("verify", "--salt", "s", "--max-age", "soon", "x.y")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void theSecretCanComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        String token = sign("{\"n\":1}");

        assertThat(run("verify", "--secret-file", file.toString(), "--salt", "user socket", token)).isZero();
        assertThat(out.toString().trim()).isEqualTo("{\"n\":1}");
    }

    @Test
    void theTopLevelCommandListsToken() {
        CommandLine cli = new CommandLine(new Main());
        StringWriter help = new StringWriter();
        cli.setOut(new PrintWriter(help, true));
        assertThat(cli.execute("token", "--help")).isZero();
        assertThat(help.toString()).contains("Usage: switchboard token").contains("sign").contains("verify");
    }
}
