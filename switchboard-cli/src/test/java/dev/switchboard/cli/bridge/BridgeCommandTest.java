package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard bridge} as a user runs it: its own JVM, websocketd's arguments, real programs. */
class BridgeCommandTest {
    @TempDir
    Path dir;

    private Path script(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void argumentsAfterTheCommandBelongToTheProgramAsWithWebsocketd() throws Exception {
        Path echo = script("echo.sh", "echo \"pid $$ args: $*\"", "exec cat");
        try (CliProcess bridge = CliProcess.start(List.of("bridge", "--port", "0", echo.toString(), "-x", "--port", "y"),
                "Bridge listening on", null)) {
            long programPid;
            try (PlainWs ws = new PlainWs("ws://127.0.0.1:" + bridge.port() + "/")) {
                String first = ws.next();
                assertThat(first).endsWith("args: -x --port y");
                programPid = Long.parseLong(first.split(" ")[1]);
                ws.send("hello");
                assertThat(ws.next()).isEqualTo("hello");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(programPid).isEmpty());
            assertThat(bridge.output()).contains("Bridge listening on ws://127.0.0.1:" + bridge.port() + "/ running " + echo);
            bridge.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void programsGetSigintEvenWhenTheBridgeWasStartedWithSigintIgnored() throws Exception {
        Path mark = dir.resolve("signal.txt");
        Path program = script("int.sh", "trap 'echo INT > " + mark + "; exit 0' INT", "echo ready",
                "while true; do sleep 0.05; done");
        // as a service script or `cmd &` in a non-interactive shell would start it
        try (CliProcess bridge = CliProcess.start(List.of("bridge", "--port", "0", program.toString()),
                "Bridge listening on", "trap '' INT;")) {
            try (PlainWs ws = new PlainWs("ws://127.0.0.1:" + bridge.port() + "/")) {
                assertThat(ws.next()).isEqualTo("ready");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(mark));
            assertThat(Files.readString(mark).trim()).isEqualTo("INT");
            bridge.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void aProgramThatIsNotThereIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("bridge", "--port", "0", "no-such-program-here")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unable to locate COMMAND 'no-such-program-here' on the PATH");
    }

    @Test
    void conflictingOptionsAreUsageErrorsNamingTheOption() {
        assertThat(usage("bridge", "--port", "0", "--pty", "--binary", "cat")).startsWith("--pty is for line mode");
        assertThat(usage("bridge", "--port", "0")).startsWith("nothing to serve");
        assertThat(usage("bridge", "--port", "0", "--sameorigin", "--origin", "a.example", "cat"))
                .startsWith("choose --sameorigin or --origin");
        assertThat(usage("bridge", "--port", "0", "--closems", "-1", "cat")).startsWith("--closems must be");
    }

    private static String usage(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).isEqualTo(2);
        return err.toString();
    }
}
