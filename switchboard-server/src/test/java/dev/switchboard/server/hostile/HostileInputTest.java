package dev.switchboard.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.WebSocketClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throws ≥ 100,000 seeded hostile inputs at a live server across every layer (HTTP upgrade,
 * WebSocket framing, Phoenix messages, V2 binary, long-poll) while a well-behaved client keeps
 * doing ping → reply, and asserts that every input got the answer of its class, the good client
 * lost nothing, the server still serves, and heap and Netty direct memory return near baseline.
 *
 * <p>Seed: fixed in the quick run (the default build), new in the slow one ({@code -Pslow}); each
 * run prints it, and {@code -Dswitchboard.hostile.seed=N} replays one.
 */
class HostileInputTest {
    static final int WORKERS = 12;
    /** Heap growth allowed after the run (after GC): room for JIT, caches and idle long-poll sessions. */
    static final long HEAP_TOLERANCE = 64L << 20;
    /**
     * Direct memory growth allowed, per measure: allocators keep chunks for reuse (Netty 4.2's
     * default adaptive allocator grows per-thread magazines), so a burst leaves some behind; a
     * leak of one buffer per case would pass this within the first few thousand cases. Measured:
     * +14 MiB after 100k cases, +19 MiB after 1M (PlatformDependent), pooled +4 MiB.
     */
    static final long DIRECT_TOLERANCE = 32L << 20;

    /** Replays a run: {@code -Dswitchboard.hostile.seed=N} (both profiles print theirs). */
    static final String SEED_PROPERTY = "switchboard.hostile.seed";
    /** The default build throws the same inputs every time, so its result does not depend on luck. */
    static final long QUICK_SEED = 20261121L;

    @Test
    void quickProfileAnswersEveryHostileInput() throws Exception {
        run(1, 75, Long.getLong(SEED_PROPERTY, QUICK_SEED));
    }

    /** A new seed on every slow run explores new inputs; a failure names its seed for the replay. */
    @Test
    @Tag("slow")
    void slowProfileAnswersAMillionHostileInputs() throws Exception {
        run(10, 900, Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong()));
    }

    private void run(int multiplier, int budgetSeconds, long seed) throws Exception {
        String replay = "seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")";
        System.out.println("HostileInputTest " + replay);
        SwitchboardServer server = HostileApp.start();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        try {
            int port = server.port();
            GoodClient good = new GoodClient(port);
            long[] baseline = memory();
            Tally tally = new Tally();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(budgetSeconds);
            Future<?> goodRun = pool.submit(good);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                work.add(pool.submit(() -> {
                    worker(port, worker, new Random(seed + worker), multiplier, tally, deadline);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(budgetSeconds + 30, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            good.stop();
            goodRun.get(10, TimeUnit.SECONDS);
            good.close();

            String table = tally.table(String.format("Hostile input run: %s, seed %d, %d cases in %.1f s, %d workers, "
                    + "good client %d rounds", Instant.now(), seed, tally.total(), seconds, WORKERS, good.rounds));
            System.out.println(table);
            Path out = Path.of("target", "hostile-input-counts.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);

            assertThat(tally.wrongTotal()).as("unexpected answers with %s:\n%s", replay, tally.wrongReport()).isZero();
            assertThat(good.failure).as("the well-behaved client, %s", replay).isNull();
            assertThat(good.rounds).as("good client rounds").isPositive();
            for (CaseClass c : CaseClass.values()) {
                assertThat(tally.count(c)).as("cases of %s (time budget hit?)", c).isEqualTo((long) c.quickCount * multiplier);
            }
            assertStillServes(port);
            long[] after = settle(baseline);
            String memory = String.format("memory baseline/after: heap %d/%d MiB, netty direct %d/%d MiB, "
                    + "pooled direct %d/%d MiB, default-allocator direct %d/%d MiB", baseline[0] >> 20, after[0] >> 20,
                    baseline[1] >> 20, after[1] >> 20, baseline[2] >> 20, after[2] >> 20, baseline[3] >> 20, after[3] >> 20);
            System.out.println(memory);
            Files.writeString(out, table + "\n" + memory + "\n", StandardCharsets.UTF_8);
            assertThat(after[0]).as("heap after GC").isLessThanOrEqualTo(baseline[0] + HEAP_TOLERANCE);
            assertThat(after[1]).as("Netty direct memory").isLessThanOrEqualTo(baseline[1] + DIRECT_TOLERANCE);
            assertThat(after[2]).as("pooled allocator direct memory").isLessThanOrEqualTo(baseline[2] + DIRECT_TOLERANCE);
            assertThat(after[3]).as("default allocator direct memory").isLessThanOrEqualTo(baseline[3] + DIRECT_TOLERANCE);
        } finally {
            pool.shutdownNow();
            server.close();
        }
    }

    /** One worker's share: every class, its fraction of the count, on its own seeded Random. */
    private static void worker(int port, int worker, Random rnd, int multiplier, Tally tally, long deadline)
            throws IOException {
        ClosingCases closing = new ClosingCases(port);
        ReusedCases reused = new ReusedCases(port, worker);
        for (CaseClass c : CaseClass.values()) {
            int total = c.quickCount * multiplier;
            int share = total / WORKERS + (worker < total % WORKERS ? 1 : 0);
            if (c.reused) {
                if (c.layer.equals("longpoll")) {
                    reused.longPoll(c, share, rnd, tally, deadline);
                } else {
                    reused.webSocket(c, share, rnd, tally, deadline);
                }
                continue;
            }
            for (int i = 0; i < share && System.nanoTime() < deadline; i++) {
                String[] answer = closing.run(c, rnd);
                tally.record(c, answer[0], answer[1]);
            }
        }
    }

    private static void assertStillServes(int port) throws IOException {
        try (WebSocketClient ws = Connections.webSocket(port, "vsn=2.0.0")) {
            ws.sendText("[null,\"1\",\"phoenix\",\"heartbeat\",{}]");
            assertThat(ws.nextText()).contains("\"status\":\"ok\"");
        }
        try (RawConnection conn = Connections.open(port)) {
            conn.write("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(ResponseReader.read(conn.input(), false).status()).isEqualTo(404);
        }
    }

    /** Heap used, Netty direct memory, PooledByteBufAllocator.DEFAULT's and ByteBufAllocator.DEFAULT's direct memory. */
    private static long[] memory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        long defaultAllocator = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory() : 0;
        return new long[] {rt.totalMemory() - rt.freeMemory(), PlatformDependent.usedDirectMemory(),
            PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), defaultAllocator};
    }

    /** Measures until within tolerance or 10 s pass (connections close and sessions expire). */
    private static long[] settle(long[] baseline) throws InterruptedException {
        long[] m = memory();
        for (int i = 0; i < 20 && (m[0] > baseline[0] + HEAP_TOLERANCE || m[1] > baseline[1] + DIRECT_TOLERANCE
                || m[2] > baseline[2] + DIRECT_TOLERANCE || m[3] > baseline[3] + DIRECT_TOLERANCE); i++) {
            Thread.sleep(500);
            m = memory();
        }
        return m;
    }
}
