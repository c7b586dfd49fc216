package dev.switchboard.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting programs: argv without a shell, a clean environment, the stdin queue's bound. */
class LauncherTest {
    private final Launcher launcher = new Launcher(ShutdownSchedule.DEFAULT);
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        launcher.close();
    }

    private StdoutHandler collect() {
        return new LineSplitter(1024, new LineSplitter.LineSink() {
            @Override
            public void line(byte[] line, int length) {
                lines.add(new String(line, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void overlong(long length) {}

            @Override
            public void end() {}
        });
    }

    @Test
    void theEnvironmentHoldsOnlyAllowListedAndGivenVariables() throws Exception {
        ChildProcess child = launcher.start(Program.of("env"), Map.of("TOPIC", "room:1"), "env", collect(), 4096,
                StdinLimits.DEFAULT);
        assertThat(child.exit().get(5, TimeUnit.SECONDS)).isZero();
        Thread.sleep(100); // the reader delivers the last lines after the exit

        assertThat(lines).contains("TOPIC=room:1", "PATH=" + System.getenv("PATH"));
        assertThat(lines).allMatch(l -> l.startsWith("TOPIC=") || l.startsWith("PATH=") || l.startsWith("LD_LIBRARY_PATH="));
    }

    @Test
    void aMissingProgramFailsToStart() {
        assertThatThrownBy(() -> launcher.start(Program.of("/nonexistent/program"), Map.of(), "x", collect(), 4096,
                StdinLimits.DEFAULT)).isInstanceOf(IOException.class);
    }

    /**
     * The check made before starting through {@code env} (when this process ignores SIGINT, as a
     * server started in the background does): the same programs fail as without it.
     */
    @Test
    void aProgramThatCannotBeExecutedIsRecognisedBeforeStarting(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "not a program");
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> Launcher.requireExecutable(Program.of("/nonexistent/program")))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/program");
        assertThatThrownBy(() -> Launcher.requireExecutable(Program.of(plain.toString())))
                .isInstanceOf(IOException.class).hasMessageContaining("not an executable file");
        assertThatThrownBy(() -> Launcher.requireExecutable(Program.of("no-such-program-on-the-path")))
                .isInstanceOf(IOException.class).hasMessageContaining("not found on the PATH");
        Launcher.requireExecutable(Program.of("sh"));
        Launcher.requireExecutable(Program.of(script.toString()));
        Launcher.requireExecutable(Program.of("./run.sh").withDirectory(dir));
    }

    @Test
    void stdinRefusesInputBeyondItsCapacityWhileTheProgramDoesNotRead() throws Exception {
        ChildProcess child = launcher.start(Program.of("sleep", "30"), Map.of(), "sleep", collect(), 4096,
                new StdinLimits(200 * 1024, 16 * 1024));
        byte[] chunk = new byte[10 * 1024];
        int accepted = 0;
        while (accepted < 1000 && child.offer(chunk)) {
            accepted++;
        }
        // the pipe (64 KiB) and the queue (200 KiB) fill up, then offers are refused
        assertThat(accepted).isBetween(20, 40);
        assertThat(child.stdinSaturated()).isTrue();
        assertThat(child.stdinOpen()).isTrue();

        child.stop();
        child.exit().get(5, TimeUnit.SECONDS);
        assertThat(child.stdinOpen()).isFalse();
    }

    @Test
    void programsRejectInvalidDefinitions() {
        assertThatThrownBy(() -> Program.of()).hasMessageContaining("needs a command");
        assertThatThrownBy(() -> Program.builder(List.of("a", "b")).shell(true).build()).hasMessageContaining("one string");
        assertThatThrownBy(() -> Program.builder(List.of("a")).passEnv(List.of("NOT VALID")).build())
                .hasMessageContaining("not an environment variable name");
    }

    @Test
    void onATerminalTheCommandIsQuotedForTheShellScriptRuns() {
        List<String> argv = Launcher.argv(Program.builder(List.of("printf", "%s\\n", "it's $HOME")).pty(true).build());
        assertThat(argv).endsWith("-c", "exec 'printf' '%s\\n' 'it'\\''s $HOME' 2>/proc/$PPID/fd/2", "/dev/null");
    }
}
