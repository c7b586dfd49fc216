package dev.switchboard.server.drain;

import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.Shards;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Endpoint;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drain of a server, step by step (each logged at INFO and counted in {@link DrainStats}):
 *
 * <ol>
 *   <li>at once: the endpoint is marked draining, so {@code /health} answers 503
 *       {@code {"status":"draining"}}, joins are refused with {@code {"reason":"server draining"}},
 *       and requests on already-open HTTP connections open no WebSocket or long-poll session;</li>
 *   <li>after {@link DrainOptions#healthGrace()}: the listener closes (new TCP connections are
 *       refused by the kernel; the balancer has stopped sending them). When nothing has asked
 *       {@code /health} in the last minute there is no balancer to wait for, and it closes at once;</li>
 *   <li>then every {@link DrainOptions#batchInterval()}: a batch of connections is closed with
 *       1012 {@code server draining: reconnect within <interval> ms} — the reconnect hint spreads a
 *       batch's clients over the time until the next batch (long-poll sessions: their poll is answered so
 *       that phoenix.js reconnects), spread over the event loops;</li>
 *   <li>when none is left, or at {@link DrainOptions#deadline()} after closing the rest at once,
 *       the drain's future completes.</li>
 * </ol>
 *
 * Runs on a thread of its own that ends with the drain; the connections are closed on their event loops.
 */
public final class Drainer {
    private static final Logger log = LoggerFactory.getLogger(Drainer.class);
    /** How often the drain looks whether the last connections have ended. */
    private static final long WATCH_PERIOD_MILLIS = 20;
    /** After the deadline's closes, how long the event loops get to carry them out before the drain reports. */
    private static final long DEADLINE_FLUSH_MILLIS = 100;
    /** How long one event loop may take to start closing its share of a batch. */
    private static final long LOOP_TASK_TIMEOUT_MILLIS = 5_000;

    private final DrainOptions options;
    private final Endpoint endpoint;
    private final Shards shards;
    private final Runnable closeListener;
    /** Whether something polls {@code /health}: only then is there anyone to give the grace to. */
    private final BooleanSupplier watched;
    private final DrainStats stats;
    /** 1012 with a reconnect hint of one batch interval. */
    private final CloseReason closeReason;
    private final CompletableFuture<DrainResult> done = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-drain");
        t.setDaemon(true);
        return t;
    });

    // Confined to the timer thread (startNanos: written before it starts).
    private long startNanos;
    private int openAtStart;
    private int closedInBatches;
    private int batches;
    private ScheduledFuture<?> nextBatch;
    private ScheduledFuture<?> watch;

    /**
     * @param closeListener closes the listening socket (called once, on the drain's thread)
     * @param watched       true when a load balancer (anything) has asked {@code /health} lately
     */
    public Drainer(DrainOptions options, Endpoint endpoint, Shards shards, Runnable closeListener,
                   BooleanSupplier watched, DrainStats stats) {
        this.options = options;
        this.endpoint = endpoint;
        this.shards = shards;
        this.closeListener = closeListener;
        this.watched = watched;
        this.stats = stats;
        this.closeReason = CloseReason.draining(options.batchInterval());
    }

    /** Starts the drain; the future completes when no connection is left, or at the deadline. */
    public CompletableFuture<DrainResult> start() {
        // Synchronously: when start() returns, /health already answers 503 and joins are refused.
        startNanos = System.nanoTime();
        endpoint.startDraining();
        stats.state(DrainStats.DRAINING);
        timer.execute(this::begin); // the executor's hand-off publishes startNanos to its thread
        return done;
    }

    /** The drain's outcome, once it has ended. */
    public CompletableFuture<DrainResult> result() {
        return done;
    }

    /** Stops the drain's timers (the server is closing anyway); the future completes with what was done. */
    public void cancel() {
        try {
            timer.execute(() -> finish(0));
        } catch (java.util.concurrent.RejectedExecutionException ended) {
            // the drain has finished already
        }
    }

    private void begin() {
        openAtStart = shards.openConnections();
        // The grace lets a balancer see the 503 before the listener closes; with no one polling
        // /health (a node run by hand, Ctrl-C in a terminal) there is no one to wait for.
        long grace = watched.getAsBoolean() ? options.healthGrace().toMillis() : 0;
        log.info("Draining {} connections: /health answers 503 and joins are refused from now; the listener closes"
                        + " in {} ms{}; then batches of {} every {} ms; deadline {} ms", openAtStart, grace,
                grace == 0 && options.healthGrace().toMillis() > 0 ? " (no health check seen in the last minute)" : "",
                options.batchSize(), options.batchInterval().toMillis(), options.deadline().toMillis());
        timer.schedule(this::stopListening, grace, TimeUnit.MILLISECONDS);
        timer.schedule(this::deadline, options.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopListening() {
        if (done.isDone()) {
            return;
        }
        try {
            closeListener.run();
            log.info("Drain: listener closed, no new connections; {} connections open", shards.openConnections());
        } catch (RuntimeException e) {
            log.warn("Drain: closing the listener failed; closing the connections anyway", e);
        }
        batch();
        watch = timer.scheduleAtFixedRate(this::watch, WATCH_PERIOD_MILLIS, WATCH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void batch() {
        if (done.isDone()) {
            return;
        }
        int open = shards.openConnections();
        if (open > 0) {
            int size = batchSize(open);
            int closed = closeAcrossLoops(size);
            if (closed > 0) {
                batches++;
                closedInBatches += closed;
                stats.batch(closed);
                log.info("Drain batch {}: closing {} connections with 1012, {} left", batches, closed, open - closed);
            }
        }
        nextBatch = timer.schedule(this::batch, options.batchInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The configured batch size, or more when batches of that size would not finish before the
     * deadline: the rest is spread over the batches that still fit, one interval kept free at the
     * end for the last closes to complete.
     */
    int batchSize(int open) {
        long leftMillis = options.deadline().toMillis() - elapsedMillis();
        long rounds = Math.max(1, leftMillis / options.batchInterval().toMillis());
        long spread = (open + rounds - 1) / rounds;
        return (int) Math.max(options.batchSize(), Math.min(Integer.MAX_VALUE, spread));
    }

    /** Closes up to {@code max} connections, taking from each event loop in turn. */
    private int closeAcrossLoops(int max) {
        return acrossLoops(max, false);
    }

    /**
     * With {@code abort}: ends every connection still open, even one whose close began in a batch
     * but never got through (its client stopped reading), and counts them.
     */
    private int acrossLoops(int max, boolean abort) {
        int closed = 0;
        for (EventLoopShard shard : shards.all()) {
            int quota = max - closed;
            if (quota <= 0) {
                break;
            }
            try {
                closed += shard.loop().submit(() -> abort ? shard.connections().abortAll(closeReason)
                                : shard.connections().closeSome(quota, closeReason))
                        .get(LOOP_TASK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return closed;
            } catch (Exception e) {
                log.warn("Drain: {} did not close its share of the batch: {}", shard, e.toString());
            }
        }
        return closed;
    }

    private void watch() {
        if (!done.isDone() && shards.openConnections() == 0) {
            log.info("Drain: every connection has ended");
            finish(0);
        }
    }

    private void deadline() {
        if (done.isDone()) {
            return;
        }
        if (watch != null) {
            watch.cancel(false); // the connections ended here are the deadline's, reported below
        }
        if (nextBatch != null) {
            nextBatch.cancel(false);
        }
        int left = acrossLoops(Integer.MAX_VALUE, true);
        stats.deadline(left);
        if (left > 0) {
            log.warn("Drain deadline ({} ms) reached: ending the {} connections still open at once",
                    options.deadline().toMillis(), left);
        }
        timer.schedule(() -> finish(left), DEADLINE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void finish(int closedAtDeadline) {
        if (done.isDone()) {
            return;
        }
        if (nextBatch != null) {
            nextBatch.cancel(false);
        }
        if (watch != null) {
            watch.cancel(false);
        }
        stats.state(DrainStats.DRAINED);
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        DrainResult result = new DrainResult(openAtStart, closedInBatches, batches, closedAtDeadline, took);
        log.info("Drain finished in {} ms: {} connections closed in {} batches, {} at the deadline",
                took.toMillis(), closedInBatches, batches, closedAtDeadline);
        done.complete(result);
        timer.shutdown();
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
