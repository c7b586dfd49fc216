package dev.switchboard.cli.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void serverCpuIsUserPlusSystemTimeEvenWithSpacesInTheCommandName() {
        String stat = "1234 (java (main) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0 0";

        assertThat(ServerProcess.parseCpuNanos(stat, 100)).isEqualTo(3_000_000_000L);
    }

    @Test
    void serverMemoryIsVmRss() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t  999 kB", "VmRSS:\t  2048 kB", "Threads:\t30");

        assertThat(ServerProcess.parseRssBytes(status)).isEqualTo(2048 * 1024);
    }

    @Test
    void theMachineIsBusyExceptWhenIdleOrWaitingForIo() {
        long[] ticks = CpuMeter.parseMachineTicks("cpu  100 5 50 800 40 3 2 10 0 0");

        assertThat(ticks).containsExactly(170, 1010);
    }

    @Test
    void thisProcessCanBeMeasuredLikeAServer() throws Exception {
        ServerProcess self = new ServerProcess(ProcessHandle.current().pid());

        assertThat(self.exists()).isTrue();
        assertThat(self.rssBytes()).isPositive();
        assertThat(self.cpuNanos()).isPositive();
    }
}
