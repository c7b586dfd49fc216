package dev.switchboard.bridge.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.bridge.process.Program;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code serve --bridge 'PATTERN[OPTIONS]=COMMAND'} syntax, as docs/BRIDGE.md describes it. */
class BridgeSpecsTest {

    private static ChannelBridge parse(String spec) {
        return BridgeSpecs.parse(spec, Program.DEFAULT_PASS_ENV);
    }

    @Test
    void withoutOptionsAProgramRunsPerJoinSpeakingJsonLinesWithTheDefaultLimits() {
        ChannelBridge bridge = parse("echo:*=cat -u");

        assertThat(bridge.pattern()).isEqualTo("echo:*");
        assertThat(bridge.program().command()).containsExactly("cat", "-u");
        assertThat(bridge.program().shell()).isFalse();
        assertThat(bridge.program().pty()).isFalse();
        assertThat(bridge.mode()).isEqualTo(BridgeMode.PER_JOIN);
        assertThat(bridge.format()).isEqualTo(LineFormat.JSON);
        assertThat(bridge.maxProcesses()).isZero();
        assertThat(bridge.maxLinesPerSecond()).isEqualTo(ChannelBridge.DEFAULT_LINES_PER_SECOND);
        assertThat(bridge.maxLineBytes()).isEqualTo(ChannelBridge.DEFAULT_MAX_LINE_BYTES);
        assertThat(bridge.grace()).isEqualTo(ChannelBridge.DEFAULT_GRACE);
    }

    @Test
    void everyOptionIsRead() {
        ChannelBridge bridge = parse("logs:app[topic, lines, max=3, rate=50, maxline=4096, grace=250ms]=cat");

        assertThat(bridge.pattern()).isEqualTo("logs:app");
        assertThat(bridge.mode()).isEqualTo(BridgeMode.PER_TOPIC);
        assertThat(bridge.format()).isEqualTo(LineFormat.LINES);
        assertThat(bridge.maxProcesses()).isEqualTo(3);
        assertThat(bridge.maxLinesPerSecond()).isEqualTo(50);
        assertThat(bridge.maxLineBytes()).isEqualTo(4096);
        assertThat(bridge.grace()).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("t:*[topic,grace=2m]=cat").grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("t:*[topic,grace=7]=cat").grace()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theCommandIsSplitIntoWordsWithoutAShellUnlessAskedFor() {
        assertThat(parse("calc:*[lines]=bc -q 'a b' \"c d\"").program().command()).containsExactly("bc", "-q", "a b", "c d");
        assertThat(parse("x:*=cat $HOME *").program().command()).containsExactly("cat", "$HOME", "*");

        Program shell = parse("x:*[shell]=cat | tr a-z A-Z").program();
        assertThat(shell.shell()).isTrue();
        assertThat(shell.command()).containsExactly("cat | tr a-z A-Z");
    }

    @Test
    void anythingWrongIsRefusedNamingWhat() {
        assertThatThrownBy(() -> parse("nope")).hasMessage("expected PATTERN=COMMAND, got 'nope'");
        assertThatThrownBy(() -> parse("x:*[topic=cat")).hasMessage("expected PATTERN[OPTIONS]=COMMAND, got 'x:*[topic=cat'");
        assertThatThrownBy(() -> parse("x:*=")).hasMessageContaining("with both parts");
        assertThatThrownBy(() -> parse("x:*[fast]=cat")).hasMessageStartingWith("unknown bridge option 'fast'");
        assertThatThrownBy(() -> parse("x:*[max=0]=cat")).hasMessage("bridge option max needs a positive number, as max=10");
        assertThatThrownBy(() -> parse("x:*[maxline=big]=cat"))
                .hasMessage("bridge option maxline needs a positive number, as maxline=10");
        assertThatThrownBy(() -> parse("x:*[grace=soon]=cat"))
                .hasMessage("bridge option grace: 'soon' is not a duration (500ms, 5s, 2m)");
        assertThatThrownBy(() -> parse("x*y=cat")).hasMessageContaining("a topic pattern is a topic or a prefix ending in '*'");
        assertThatThrownBy(() -> parse("x:*=no-such-program-here")).hasMessage("'no-such-program-here' is not an executable file on the PATH");
        assertThatThrownBy(() -> parse("x:*=/no/such/file")).hasMessage("'/no/such/file' is not an executable file");
    }

    @Test
    void theEnvironmentAllowListIsTheOneGiven() {
        assertThat(BridgeSpecs.parse("x:*=cat", List.of("PATH", "LANG")).program().passEnv()).containsExactly("PATH", "LANG");
    }
}
