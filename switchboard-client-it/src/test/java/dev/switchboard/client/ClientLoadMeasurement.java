package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures for docs/PERFORMANCE.md, printed to the test output (run with {@code -Pslow}). The
 * server runs in a process of its own so that the heap, threads and RSS measured here are the
 * client's alone: {@link LoadServer} by default, or any server with the demo {@code room:*}
 * contract given as {@code -Dclient.load.endpoint=ws://127.0.0.1:4000/socket} (with
 * {@code -Dclient.load.serverPid=PID} for its CPU), such as {@code ./switchboard serve}. The last
 * line, {@code RESULT ...}, holds every figure for scripts. Every loop is bounded in count and time.
 */
@Tag("slow")
class ClientLoadMeasurement {
    private static final int SOCKETS = 1_000;
    private static final int IN_FLIGHT = 100;
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final int MAX_REPLIES = 2_000_000;

    private Process server;
    private String endpoint;

    private long serverPid;

    @BeforeEach
    void startServer() throws Exception {
        String external = System.getProperty("client.load.endpoint", "");
        if (!external.isBlank()) {
            endpoint = external;
            serverPid = Long.getLong("client.load.serverPid", 0L);
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LoadServer.class.getName()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("port ")) {
            // logging before the port line
        }
        assertThat(line).as("the server's port line").isNotNull();
        endpoint = "ws://127.0.0.1:" + line.substring("port ".length()).trim() + "/socket";
        serverPid = server.pid();
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-out");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        server.getOutputStream().close();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    @Test
    void connectJoinMemoryAndReplyRate() throws Exception {
        System.out.printf("client JVM: %s %s, %d cores, callbacks on %s threads, %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                dev.switchboard.client.exec.ClientThreads.virtualCallbacks() ? "virtual" : "platform",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Djdk.httpclient") || a.startsWith("-XX:+Use") || a.startsWith("-Xm"))
                        .toList());

        // Warm-up: class loading and JIT are one-time costs, not per-socket ones.
        List<Socket> warm = connectAndJoin(200, "room:warm").sockets;
        warm.forEach(Socket::disconnect);
        Thread.sleep(1_000);

        Snapshot before = Snapshot.take();
        Joined joined = connectAndJoin(SOCKETS, "room:load");
        Snapshot after = Snapshot.take();
        if (Boolean.getBoolean("histogram")) {
            // -Dhistogram=true in argLine: where the per-socket bytes go
            javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
            String histo = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            histo.lines().limit(30).forEach(System.out::println);
        }
        System.out.printf("connect+join %d sockets at once: %d ms (from the first connect() to the last join reply)%n",
                SOCKETS, joined.totalMillis);
        System.out.printf("client heap after GC: +%d KiB for %d sockets = %.1f KiB per socket%n",
                (after.heap - before.heap) / 1024, SOCKETS, (after.heap - before.heap) / 1024.0 / SOCKETS);
        System.out.printf("client RSS: +%d MiB (%.1f KiB per socket); threads: %d before, %d after%n",
                (after.rss - before.rss) / (1024 * 1024), (after.rss - before.rss) / 1024.0 / SOCKETS,
                before.threads, after.threads);

        // One broadcast to all of them.
        CountDownLatch all = new CountDownLatch(SOCKETS);
        for (Channel c : joined.channels) {
            c.on("msg", m -> all.countDown());
        }
        long sent = System.nanoTime();
        joined.channels.get(0).push("broadcast", Map.of("to", "all"));
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        long broadcastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        System.out.printf("one broadcast reached all %d sockets in %d ms%n", SOCKETS, broadcastMillis);
        joined.sockets.forEach(Socket::disconnect);

        // Replies per second of one socket keeping IN_FLIGHT pushes outstanding.
        Socket socket = SocketOptions.builder(endpoint).socket();
        socket.connect().get(10, TimeUnit.SECONDS);
        Channel room = socket.channel("room:rate");
        room.join().get(10, TimeUnit.SECONDS);
        pushLoop(room, Duration.ofSeconds(3), MAX_REPLIES); // warm-up
        long clientCpu = clientCpuNanos();
        long serverCpu = cpuNanos(serverPid);
        Rate rate = pushLoop(room, RUN, MAX_REPLIES);
        double clientPercent = (clientCpuNanos() - clientCpu) / 1e4 / rate.millis;
        double serverPercent = (cpuNanos(serverPid) - serverCpu) / 1e4 / rate.millis;
        System.out.printf("one socket, %d pushes in flight: %d replies in %d ms = %.0f replies/s, mean round trip %.2f ms, "
                        + "%d not ok; CPU (%% of one core) client %.0f%%, server %.0f%%%n", IN_FLIGHT, rate.replies,
                rate.millis, rate.replies * 1000.0 / rate.millis, rate.meanRttNanos / 1e6, rate.notOk, clientPercent,
                serverPercent);
        socket.disconnect();
        System.out.printf(java.util.Locale.ROOT, "RESULT endpoint=%s sockets=%d connect_join_ms=%d heap_kib_per_socket=%.1f "
                        + "rss_kib_per_socket=%.1f threads_added=%d broadcast_ms=%d in_flight=%d replies_per_s=%.0f "
                        + "mean_rtt_ms=%.2f client_cpu_pct=%.0f server_cpu_pct=%.0f%n", endpoint, SOCKETS, joined.totalMillis,
                (after.heap - before.heap) / 1024.0 / SOCKETS, (after.rss - before.rss) / 1024.0 / SOCKETS,
                after.threads - before.threads, broadcastMillis, IN_FLIGHT, rate.replies * 1000.0 / rate.millis,
                rate.meanRttNanos / 1e6, clientPercent, serverPercent);
        assertThat(rate.notOk).isZero();
    }

    private record Joined(List<Socket> sockets, List<Channel> channels, long totalMillis) {}

    private Joined connectAndJoin(int n, String topic) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        List<CompletableFuture<Reply>> joins = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Socket s = SocketOptions.builder(endpoint).timeout(Duration.ofSeconds(30)).socket();
            s.connect();
            Channel c = s.channel(topic);
            joins.add(c.join());
            sockets.add(s);
            channels.add(c);
        }
        for (CompletableFuture<Reply> join : joins) {
            assertThat(join.get(60, TimeUnit.SECONDS).isOk()).isTrue();
        }
        return new Joined(sockets, channels, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process from /proc, in nanoseconds (clock ticks of 10 ms). */
    private static long cpuNanos(long pid) throws IOException {
        if (pid <= 0) {
            return 0; // an external server whose pid was not given: its CPU is not reported
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    private record Rate(long replies, long millis, double meanRttNanos, long notOk) {}

    private static Rate pushLoop(Channel room, Duration duration, int maxReplies) throws InterruptedException {
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicLong replies = new AtomicLong();
        AtomicLong rttTotal = new AtomicLong();
        AtomicInteger notOk = new AtomicInteger();
        Map<String, Integer> payload = Map.of("n", 1);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int sent = 0;
        while (System.nanoTime() < end && sent < maxReplies) {
            if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                continue;
            }
            long t0 = System.nanoTime();
            sent++;
            room.push("ping", payload).whenComplete((reply, error) -> {
                if (error != null || !reply.isOk()) {
                    notOk.incrementAndGet();
                }
                rttTotal.addAndGet(System.nanoTime() - t0);
                replies.incrementAndGet();
                window.release();
            });
        }
        window.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Rate(replies.get(), millis, rttTotal.get() / (double) Math.max(1, replies.get()), notOk.get());
    }

    private record Snapshot(long heap, long rss, int threads) {
        static Snapshot take() throws InterruptedException, IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
            return new Snapshot(heap, rss, Thread.activeCount());
        }
    }
}
