package dev.switchboard.cli.bridge;

import dev.switchboard.bridge.channel.LineFormat;
import dev.switchboard.bridge.process.Executables;
import dev.switchboard.bridge.publish.LinePublisher;
import dev.switchboard.bridge.publish.PublishOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard publish}: every line of a program's output (or of stdin) to a topic of a running server. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        modelTransformer = StopAtCommand.class,
        description = {
            "Runs a program (or reads this command's stdin) and publishes each line to a topic through the publish"
                    + " API of a running server (POST /api/broadcast), in order, batched.",
            "A line is a JSON object (sent as event --event), or {\"broadcast\": EVENT, \"payload\": {...}};"
                    + " with --lines, any text, sent as event \"line\" with payload {\"line\": TEXT}.",
            "",
            "  switchboard publish --topic metrics:host -- ./sample-metrics.sh",
            "  tail -F /var/log/app.log | switchboard publish --topic logs:app --lines --stdin",
            ""
        })
public final class PublishCommand implements Callable<Integer> {
    static final String API_KEY_ENV = "SWITCHBOARD_API_KEY";

    @Spec
    private CommandSpec spec;

    @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "The topic every line goes to.")
    private String topic;

    @Option(names = "--event", paramLabel = "EVENT", defaultValue = "data",
            description = "The event of a plain JSON object line (broadcast envelopes name their own).")
    private String event;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:4000", description = "The server.")
    private URI url;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:" + API_KEY_ENV + "}",
            showDefaultValue = Visibility.NEVER,
            description = "The publish API key (default: $" + API_KEY_ENV + "; a server without a key accepts this machine only).")
    private String apiKey;

    @Option(names = "--lines", description = "Lines are plain text, not JSON.")
    private boolean lines;

    @Option(names = "--stdin", description = "Publish this command's stdin instead of running a program.")
    private boolean stdin;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", showDefaultValue = Visibility.NEVER,
            description = "The program and its arguments; it inherits this command's environment, stdin and stderr.")
    private List<String> command = List.of();

    @Override
    public Integer call() throws InterruptedException {
        if (stdin && !command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give either --stdin or a COMMAND, not both");
        }
        if (!stdin && command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give a COMMAND to run (after --), or --stdin");
        }
        PublishOptions options;
        try {
            options = PublishOptions.of(url, topic).withEvent(event).withFormat(lines ? LineFormat.LINES : LineFormat.JSON)
                    .withApiKey(apiKey == null || apiKey.isBlank() ? null : apiKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintStream errors = new PrintStream(new WriterStream(err), true, StandardCharsets.UTF_8);
        LinePublisher publisher = new LinePublisher(options, errors);
        if (stdin) {
            return report(publisher.publish(System.in), 0, err);
        }
        if (Executables.find(command.get(0)).isEmpty()) {
            err.println("Unable to locate COMMAND '" + command.get(0) + "'");
            err.flush();
            return 1;
        }
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            err.println("Cannot start " + command.get(0) + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread stopChild = new Thread(process::destroy, "publish-stop-program");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try (InputStream out = process.getInputStream()) {
            LinePublisher.Result result = publisher.publish(out);
            if (result.failed()) {
                process.destroy();
            }
            int status = process.waitFor();
            return report(result, status, err);
        } catch (IOException e) {
            return report(new LinePublisher.Result(0, 0, 0, e.getMessage()), 1, err);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** The summary on stderr; the exit code: 1 when publishing failed, else the program's status. */
    private int report(LinePublisher.Result result, int status, PrintWriter err) {
        err.println("publish: " + result.published() + " lines published to " + topic
                + (result.refused() > 0 ? ", " + result.refused() + " refused" : "")
                + (result.uncertain() > 0 ? ", " + result.uncertain() + " of unknown outcome" : "")
                + (result.failed() ? "; failed: " + result.failure() : ""));
        err.flush();
        return result.failed() ? 1 : status;
    }

    /** Bytes to picocli's error writer (so tests can capture it). */
    private static final class WriterStream extends java.io.OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            writer.print(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
