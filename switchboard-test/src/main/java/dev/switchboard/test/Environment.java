package dev.switchboard.test;

import dev.switchboard.history.MemoryHistory;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.test.runtime.Fabric;
import dev.switchboard.test.runtime.RunLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One run of a {@link ChannelTester}: the loop and its clock, the nodes, every client, and a
 * transcript of what crossed the wire. Everything a test does goes through {@link #drive}, so the
 * server runs on the test's thread between the test's own steps.
 */
final class Environment implements AutoCloseable {
    /** The virtual clock's first reading: far from 0, so nothing in the server mistakes it for "unset". */
    static final long ORIGIN_NANOS = 1_000_000_000_000L;
    /** Lines of transcript kept, most recent last. */
    static final int TRANSCRIPT_LINES = 2_000;

    final SocketDefinition socket;
    final TesterOptions options;
    final RunLoop loop = new RunLoop(ORIGIN_NANOS);
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<ClientSocket> clients = new CopyOnWriteArrayList<>();
    private final ArrayDeque<String> transcript = new ArrayDeque<>();
    private int clientCount;
    private boolean closed;

    Environment(SocketDefinition socket, TesterOptions options) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.options = Objects.requireNonNull(options, "options");
        Fabric fabric = options.nodes() > 1
                ? new Fabric(loop, new MemoryHistory(options.historyMaxBytes(), loop::nanoTime))
                : null;
        for (int i = 0; i < options.nodes(); i++) {
            nodes.add(new TestNode(this, i, fabric));
        }
        drive(() -> { }); // let the nodes say hello to each other
    }

    TestNode node(int index) {
        if (index < 0 || index >= nodes.size()) {
            throw new IllegalArgumentException("no node " + index + ": this kit runs " + nodes.size()
                    + " node(s) (TesterOptions.nodes)");
        }
        return nodes.get(index);
    }

    List<TestNode> nodes() {
        return List.copyOf(nodes);
    }

    synchronized int nextClientNumber() {
        return ++clientCount;
    }

    void register(ClientSocket client) {
        clients.add(client);
    }

    // ---- driving and waiting ----

    void drive(Runnable action) {
        requireOpen();
        loop.drive(action);
    }

    <T> T call(Supplier<T> action) {
        Object[] result = new Object[1];
        drive(() -> result[0] = action.get());
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /**
     * Waits, as an assertion does, for {@code probe} to give a value: see {@link RunLoop#await}.
     * Returns null when the window passed without one.
     */
    <T> T await(Supplier<T> probe, Duration window) {
        Object[] found = new Object[1];
        drive(() -> loop.await(() -> (found[0] = probe.get()) != null, window.toNanos(), window.toNanos()));
        @SuppressWarnings("unchecked")
        T value = (T) found[0];
        return value;
    }

    /** Lets {@code window} of virtual time pass, running everything due in it (a refutation's watch). */
    void settle(Duration window) {
        drive(() -> loop.advanceTo(loop.nanoTime() + window.toNanos()));
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        settle(by);
    }

    Duration elapsed() {
        return Duration.ofNanos(loop.nanoTime() - ORIGIN_NANOS);
    }

    Instant now() {
        return options.start().plus(elapsed());
    }

    // ---- transcript ----

    void log(String line) {
        String stamped = String.format("%9s  %s", Failures.time(elapsed()), line);
        synchronized (transcript) {
            if (transcript.size() == TRANSCRIPT_LINES) {
                transcript.removeFirst();
            }
            transcript.addLast(stamped);
        }
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.isEmpty() ? "(nothing crossed the wire)\n" : String.join("\n", transcript) + "\n";
        }
    }

    // ---- lifecycle ----

    boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this ChannelTester is closed");
        }
    }

    /** Closes every client (their channels terminate) and every node. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            drive(() -> clients.forEach(ClientSocket::closeQuietly));
            drive(() -> nodes.forEach(TestNode::shutdown));
        } finally {
            closed = true;
        }
    }
}
