package dev.switchboard.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

    @Test
    void closingKillsWhatTheProcessStartedToo() {
        ChildProcess shell = ChildProcess.builder(List.of("sh", "-c", "sleep 60 & echo started; wait")).start();
        shell.awaitLine("started"::equals, Duration.ofSeconds(5));
        List<ProcessHandle> started = ProcessHandle.of(shell.pid()).orElseThrow().descendants().toList();
        assertThat(started).as("the background sleep").isNotEmpty();

        shell.close();

        assertThat(shell.isAlive()).isFalse();
        for (ProcessHandle child : started) {
            child.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(child.isAlive()).as("child %d", child.pid()).isFalse();
        }
    }

    @Test
    void terminateAsksPolitelyFirst() {
        try (ChildProcess shell = ChildProcess.builder(List.of("sh", "-c", "trap 'echo bye; exit 3' TERM; echo up; "
                + "while true; do sleep 0.05; done")).start()) {
            shell.awaitLine("up"::equals, Duration.ofSeconds(5));
            shell.terminate();
            assertThat(shell.waitFor(Duration.ofSeconds(5))).isEqualTo(3);
            assertThat(shell.output()).contains("bye");
        }
    }

    @Test
    void aLineThatNeverComesNamesTheExitAndTheOutput() {
        try (ChildProcess shell = ChildProcess.builder(List.of("sh", "-c", "echo nope; exit 4")).start()) {
            assertThatThrownBy(() -> shell.awaitLine("ready"::equals, Duration.ofSeconds(5)))
                    .hasMessageContaining("exited with 4").hasMessageContaining("nope");
        }
    }

    @Test
    void runReturnsExitCodeAndOutput() {
        ChildProcess.Result result = ChildProcess.run(List.of("sh", "-c", "echo out; echo err >&2; exit 2"), Duration.ofSeconds(10));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("out", "err");
    }
}
