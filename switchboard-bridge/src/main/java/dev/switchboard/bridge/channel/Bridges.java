package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.ChildProcess;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.bridge.process.ProcessLimit;
import dev.switchboard.bridge.process.ShutdownSchedule;
import dev.switchboard.bridge.process.StdinLimits;
import dev.switchboard.bridge.process.StdoutHandler;
import dev.switchboard.channel.Execution;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.limits.LimitLog;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs behind Phoenix channels: a set of {@link ChannelBridge}s, their channels, and what they
 * share — the launcher and shutdown schedule, the global cap on processes, the meters.
 *
 * <pre>{@code
 * Bridges bridges = Bridges.builder()
 *         .bridge(ChannelBridge.perTopic("metrics:*", Program.of("python3", "metrics.py")).build())
 *         .bridge(ChannelBridge.perJoin("calc:*", Program.of("bc", "-q")).format(LineFormat.LINES).build())
 *         .build();
 * SocketDefinition socket = bridges.addTo(SocketDefinition.builder("/socket")
 *         .connect(SocketParams.keep(req -> ConnectResult.accept()))).build();
 * SwitchboardServer server = SwitchboardServer.builder().socket(socket).build().start();
 * bridges.attach(server);   // per-topic broadcasts, cluster ownership, /metrics
 * ...
 * server.close();
 * bridges.close();          // stops what still runs
 * }</pre>
 *
 * <p>Per-join bridges work as soon as they are routed; per-topic bridges broadcast through the
 * server's endpoint, so their joins wait (up to {@value #ATTACH_WAIT_SECONDS} s) for
 * {@link #attach}. Every refusal — a cap, a failed start, a bad line — is counted in
 * {@code switchboard_bridge_refusals_total{mode="channel"}} and told to the client.
 */
public final class Bridges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Bridges.class);
    static final int ATTACH_WAIT_SECONDS = 5;
    /** Default global cap: as websocketd's default {@code --maxforks} here. */
    public static final int DEFAULT_MAX_PROCESSES = 1024;

    private final List<ChannelBridge> bridges;
    private final Launcher launcher;
    private final ProcessLimit global;
    private final Map<ChannelBridge, ProcessLimit> patternLimits = new IdentityHashMap<>();
    private final Map<ChannelBridge, TopicProcesses> topics = new IdentityHashMap<>();
    private final BridgeMetrics metrics = new BridgeMetrics("channel");
    private final CompletableFuture<Endpoint> endpoint = new CompletableFuture<>();
    private final ScheduledExecutorService timer;
    private final Set<ChildProcess> running = ConcurrentHashMap.newKeySet();
    private final LimitLog refusalLog = new LimitLog(log);

    private Bridges(Builder b) {
        this.bridges = List.copyOf(b.bridges);
        this.launcher = new Launcher(b.shutdown, metrics::killed);
        this.global = new ProcessLimit("max processes", b.maxProcesses);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-topics");
            t.setDaemon(true);
            return t;
        });
        for (ChannelBridge bridge : bridges) {
            if (bridge.maxProcesses() > 0) {
                patternLimits.put(bridge, new ProcessLimit("max processes of " + bridge.pattern(), bridge.maxProcesses()));
            }
            if (bridge.mode() == BridgeMode.PER_TOPIC) {
                topics.put(bridge, new TopicProcesses(this, bridge));
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<ChannelBridge> bridges() {
        return bridges;
    }

    /**
     * Routes every bridge's pattern on {@code socket}, before the routes it already has (the first
     * matching route wins). Bridge channels run on workers: starting a program may block briefly.
     */
    public SocketDefinition.Builder addTo(SocketDefinition.Builder socket) {
        for (ChannelBridge bridge : bridges) {
            if (bridge.mode() == BridgeMode.PER_JOIN) {
                socket.channel(bridge.pattern(), () -> new PerJoinChannel(this, bridge), Execution.WORKER);
            } else {
                TopicProcesses shared = topics.get(bridge);
                socket.channel(bridge.pattern(), () -> new PerTopicChannel(shared), Execution.WORKER);
            }
        }
        return socket;
    }

    /** Connects to a running server: its endpoint (broadcasts, cluster) and its {@code /metrics}. */
    public Bridges attach(SwitchboardServer server) {
        return attach(server.endpoint(), server.meterRegistry());
    }

    /** As {@link #attach(SwitchboardServer)}, for an endpoint and a registry of one's own. */
    public Bridges attach(Endpoint endpoint, MeterRegistry registry) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!this.endpoint.complete(endpoint)) {
            throw new IllegalStateException("these bridges are attached already");
        }
        metrics.bindTo(registry);
        metrics.bindGauge(registry, "switchboard.bridge.topics", this::topicCount, "Topics with a per-topic program");
        TopicProcesses.listenForForwardedInput(endpoint, this);
        return this;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** Programs running now (started and not yet reaped). */
    public int runningPrograms() {
        return global.running();
    }

    int topicCount() {
        int n = 0;
        for (TopicProcesses t : topics.values()) {
            n += t.size();
        }
        return n;
    }

    TopicProcesses topicsOf(String topic) {
        for (Map.Entry<ChannelBridge, TopicProcesses> e : topics.entrySet()) {
            if (matches(e.getKey().pattern(), topic)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String topic) {
        return pattern.endsWith("*") ? topic.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(topic);
    }

    /** The attached endpoint, waiting up to {@value #ATTACH_WAIT_SECONDS} s; null when there is none. */
    Endpoint awaitEndpoint() {
        try {
            return endpoint.get(ATTACH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The outcome of {@link #start}. */
    sealed interface Start {}

    record Started(ChildProcess process) implements Start {}

    record Refused(Refusal reason, String message) implements Start {}

    /** Starts a program of {@code bridge} within the caps; counts and describes a refusal. */
    Start start(ChannelBridge bridge, Map<String, String> env, String name, StdoutHandler stdout) {
        if (!global.tryAcquire()) {
            return refused(Refusal.MAX_PROCESSES, global.describe());
        }
        ProcessLimit own = patternLimits.get(bridge);
        if (own != null && !own.tryAcquire()) {
            global.release();
            return refused(Refusal.PATTERN_MAX_PROCESSES, own.describe());
        }
        ChildProcess child;
        try {
            child = launcher.start(bridge.program(), env, name, stdout, 16 * 1024, StdinLimits.DEFAULT);
        } catch (IOException | RuntimeException e) {
            global.release();
            if (own != null) {
                own.release();
            }
            return refused(Refusal.START_FAILED, "cannot start " + bridge.program().display() + ": " + e.getMessage());
        }
        metrics.started();
        running.add(child);
        child.exit().whenComplete((status, error) -> {
            running.remove(child);
            global.release();
            if (own != null) {
                own.release();
            }
            metrics.exited();
        });
        return new Started(child);
    }

    private Refused refused(Refusal reason, String message) {
        metrics.refused(reason);
        refusalLog.warn("Bridge refused a program start ({}): {}", reason.tag(), message);
        return new Refused(reason, message);
    }

    /** Logs a refused line or message, at most every 10 s per bridges. */
    void logRefusal(String where, Refusal reason, String detail) {
        refusalLog.warn("Bridge {} refused ({}): {}", where, reason.tag(), detail);
    }

    /**
     * Stops every program still running (each on the shutdown schedule, in parallel) and waits for
     * them, at most the schedule's length and a second.
     */
    @Override
    public void close() {
        for (TopicProcesses t : topics.values()) {
            t.close();
        }
        List<CompletableFuture<Integer>> exits = new ArrayList<>();
        for (ChildProcess child : List.copyOf(running)) {
            exits.add(child.stop());
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(launcher.schedule().total().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("{} bridged programs still running after shutdown", running.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        launcher.close();
    }

    public static final class Builder {
        private final List<ChannelBridge> bridges = new ArrayList<>();
        private int maxProcesses = DEFAULT_MAX_PROCESSES;
        private ShutdownSchedule shutdown = ShutdownSchedule.DEFAULT;

        private Builder() {}

        public Builder bridge(ChannelBridge bridge) {
            bridges.add(Objects.requireNonNull(bridge, "bridge"));
            return this;
        }

        public Builder bridges(List<ChannelBridge> all) {
            all.forEach(this::bridge);
            return this;
        }

        /** Programs of all these bridges running at once (default {@value #DEFAULT_MAX_PROCESSES}). */
        public Builder maxProcesses(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max processes must be at least 1, got " + max);
            }
            this.maxProcesses = max;
            return this;
        }

        /** websocketd's shutdown steps stretched by {@code closeMs} (default 0). */
        public Builder closeMs(long closeMs) {
            this.shutdown = ShutdownSchedule.websocketd(closeMs);
            return this;
        }

        public Builder shutdown(ShutdownSchedule schedule) {
            this.shutdown = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** @throws IllegalArgumentException when two bridges share a pattern */
        public Bridges build() {
            Set<String> patterns = new java.util.HashSet<>();
            for (ChannelBridge b : bridges) {
                if (!patterns.add(b.pattern())) {
                    throw new IllegalArgumentException("two bridges for the pattern " + b.pattern());
                }
            }
            return new Bridges(this);
        }
    }

    /** How long {@link #close()} may take at most. */
    public Duration closeTimeout() {
        return launcher.schedule().total().plusSeconds(1);
    }
}
