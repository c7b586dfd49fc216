package dev.switchboard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.security.InvalidTokenException;
import dev.switchboard.security.MessageSigner;
import dev.switchboard.security.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard token sign|verify}: mints and checks {@link Tokens} tokens from the shell,
 * e.g. to give a test client a token or to see why a user's token is refused. The secret comes
 * from an environment variable or a file, never from a flag value, so it stays out of shell
 * history and process listings.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Signs and verifies Switchboard tokens (HMAC-SHA256, JSON data, per-salt keys).",
        subcommands = {TokenCommand.Sign.class, TokenCommand.Verify.class})
public final class TokenCommand implements Runnable {
    /** Exit status of {@code verify} for a token that does not verify. */
    static final int REFUSED = 1;

    private final Function<String, String> env;

    @Spec
    private CommandSpec spec;

    public TokenCommand() {
        this(System::getenv);
    }

    /** With another environment (tests). */
    TokenCommand(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: 'token sign' or 'token verify'");
    }

    /** Where the secret comes from; shared by both subcommands. */
    static final class SecretSource {
        @Spec(Spec.Target.MIXEE)
        private CommandSpec spec;

        @Option(names = "--secret-env", paramLabel = "VAR", defaultValue = "SWITCHBOARD_SECRET",
                description = "Environment variable holding the secret (at least 32 bytes). Default: ${DEFAULT-VALUE}.")
        private String secretEnv;

        @Option(names = "--secret-file", paramLabel = "FILE",
                description = "Read the secret from this file instead (one trailing newline is ignored).")
        private Path secretFile;

        Tokens tokens(Function<String, String> env) {
            byte[] secret = secretFile != null ? fromFile() : fromEnv(env);
            if (secret.length < MessageSigner.MIN_SECRET_BYTES) {
                throw new CommandLine.ParameterException(spec.commandLine(), "The secret has " + secret.length
                        + " bytes; at least " + MessageSigner.MIN_SECRET_BYTES + " are needed (e.g. openssl rand -base64 48)");
            }
            return Tokens.withSecret(secret);
        }

        private byte[] fromEnv(Function<String, String> env) {
            String value = env.apply(secretEnv);
            if (value == null || value.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Environment variable " + secretEnv
                        + " is not set: export the secret there (e.g. export " + secretEnv
                        + "=$(openssl rand -base64 48)), name another with --secret-env, or use --secret-file");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }

        private byte[] fromFile() {
            try {
                String value = Files.readString(secretFile, StandardCharsets.UTF_8);
                return (value.endsWith("\n") ? value.substring(0, value.length() - 1) : value)
                        .getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Cannot read the secret file " + secretFile + ": " + e.getMessage());
            }
        }
    }

    /** {@code switchboard token sign}. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Prints a token carrying the JSON data, signed now for the salt.")
    static final class Sign implements Callable<Integer> {
        @ParentCommand
        private TokenCommand parent;
        @Spec
        private CommandSpec spec;
        @Mixin
        private SecretSource secret;

        @Option(names = "--salt", required = true, paramLabel = "SALT",
                description = "What the token is for, e.g. \"user socket\"; verify with the same salt.")
        private String salt;

        @Option(names = "--data", required = true, paramLabel = "JSON",
                description = "The data to sign, as JSON, e.g. '{\"user\":\"ann\"}'. Signed, not encrypted: anyone can read it.")
        private String data;

        @Override
        public Integer call() {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(data);
            } catch (JsonProcessingException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--data is not valid JSON: " + e.getOriginalMessage());
            }
            spec.commandLine().getOut().println(secret.tokens(parent.env).sign(salt, json));
            return 0;
        }
    }

    /** {@code switchboard token verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Prints the token's JSON data and exits 0, or prints why it is refused"
                    + " (expired, invalid, missing) and exits 1."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        private TokenCommand parent;
        @Spec
        private CommandSpec spec;
        @Mixin
        private SecretSource secret;

        @Option(names = "--salt", required = true, paramLabel = "SALT", description = "The salt the token was signed for.")
        private String salt;

        @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "1d", converter = DurationConverter.class,
                description = "Oldest accepted token: 90s, 15m, 12h, 1d or ISO-8601 (PT1H). Default: ${DEFAULT-VALUE}.")
        private Duration maxAge;

        @Parameters(index = "0", paramLabel = "TOKEN", description = "The token to check.")
        private String token;

        @Override
        public Integer call() {
            Tokens tokens = secret.tokens(parent.env);
            try {
                JsonNode data = tokens.verify(salt, token, maxAge, JsonNode.class);
                spec.commandLine().getOut().println(data.toString());
                return 0;
            } catch (InvalidTokenException e) {
                spec.commandLine().getErr().println(e.reason().code() + ": " + e.getMessage());
                return REFUSED;
            }
        }
    }
}
