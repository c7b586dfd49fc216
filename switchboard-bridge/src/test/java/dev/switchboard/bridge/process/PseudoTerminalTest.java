package dev.switchboard.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code pty}: a program that block-buffers a pipe (python3 without {@code -u}) delivers its lines
 * as it prints them on a pseudo-terminal; input is not echoed; stderr stays out of stdout; the
 * exit status and end of input pass through.
 */
class PseudoTerminalTest {
    /** Prints a line every 300 ms, then echoes its input, then exits 7 at end of input. */
    private static final String PYTHON = String.join("\n",
            "import sys, time",
            "for i in range(3):",
            "    print('tick', i)",
            "    time.sleep(0.3)",
            "print('to stderr', file=sys.stderr)",
            "for line in sys.stdin:",
            "    print('got', line.strip())",
            "print('eof')",
            "sys.exit(7)");

    private final Launcher launcher = new Launcher(ShutdownSchedule.DEFAULT);
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        launcher.close();
    }

    private ChildProcess start(boolean pty) throws Exception {
        Program program = Program.builder(List.of("python3", "-c", PYTHON)).pty(pty).build();
        LineSplitter splitter = new LineSplitter(4096, new LineSplitter.LineSink() {
            @Override
            public void line(byte[] line, int length) {
                lines.add(new String(line, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void overlong(long length) {
                lines.add("OVERLONG " + length);
            }

            @Override
            public void end() {
                lines.add("<end>");
            }
        });
        return launcher.start(program, Map.of(), "python3", splitter, 4096, StdinLimits.DEFAULT);
    }

    @Test
    void overAPipePythonBlockBuffersItsLines() throws Exception {
        ChildProcess child = start(false);
        assertThat(lines.poll(700, TimeUnit.MILLISECONDS)).as("nothing before the buffer is flushed").isNull();
        child.stop();
        child.exit().get(5, TimeUnit.SECONDS);
    }

    @Test
    void onATerminalEachLineArrivesAsItIsPrinted() throws Exception {
        ChildProcess child = start(true);
        long started = System.nanoTime();
        assertThat(lines.poll(2, TimeUnit.SECONDS)).isEqualTo("tick 0");
        assertThat(lines.poll(2, TimeUnit.SECONDS)).isEqualTo("tick 1");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1500);

        child.offer("hello\n".getBytes(StandardCharsets.UTF_8));
        assertThat(lines.poll(2, TimeUnit.SECONDS)).isEqualTo("tick 2");
        assertThat(lines.poll(2, TimeUnit.SECONDS)).as("no echo of the input, no stderr").isEqualTo("got hello");

        child.stop(); // closes stdin: end of input through the terminal
        assertThat(child.exit().get(5, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(lines.poll(2, TimeUnit.SECONDS)).isEqualTo("eof");
        assertThat(lines.poll(2, TimeUnit.SECONDS)).isEqualTo("<end>");
    }

    @Test
    void aTerminalProgramThatIgnoresEndOfInputIsStoppedBySignals() throws Exception {
        Program program = Program.builder(List.of("sleep", "30")).pty(true).build();
        ChildProcess child = launcher.start(program, Map.of(), "sleep", new StdoutHandler() {
            @Override
            public void chunk(byte[] buffer, int length) {}

            @Override
            public void end() {}
        }, 4096, StdinLimits.DEFAULT);
        awaitChildOf(child);
        long pidOfSleep = ProcessHandle.of(child.pid()).orElseThrow().children().findFirst().orElseThrow().pid();

        child.stop();
        child.exit().get(5, TimeUnit.SECONDS);

        assertThat(ProcessHandle.of(pidOfSleep).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(),
                java.util.Optional.of(false));
    }

    private static void awaitChildOf(ChildProcess child) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(child.pid()).orElseThrow().children().findAny().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("script started no child");
            }
            Thread.sleep(10);
        }
    }
}
