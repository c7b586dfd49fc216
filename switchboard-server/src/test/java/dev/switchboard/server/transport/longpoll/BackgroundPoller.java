package dev.switchboard.server.transport.longpoll;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one poll of a {@link LpClient} in flight at all times, as phoenix.js does, and queues
 * every frame received. A parked poll keeps a session alive however long a test waits.
 */
final class BackgroundPoller implements AutoCloseable {
    private final LpClient client;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    BackgroundPoller(LpClient client) {
        this.client = client;
        this.thread = new Thread(this::loop, "lp-poller");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                LpClient.Answer answer = client.get();
                int status = answer.status();
                statuses.add(status);
                frames.addAll(answer.frames());
                if (status != 200 && status != 204) {
                    return;
                }
            } catch (Throwable t) {
                if (running) {
                    statuses.add(-1);
                }
                return;
            }
        }
    }

    /** The reply for {@code ref}, skipping other frames. */
    JsonNode reply(String ref) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null) {
                seen.add(frame);
                if (LpClient.isReply(frame, ref)) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no reply for " + ref + "; frames " + seen + "; poll statuses " + statuses);
    }

    /** Takes up to {@code count} frames, waiting at most {@code millis} for all of them. */
    List<JsonNode> take(int count, long millis) throws InterruptedException {
        List<JsonNode> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (taken.size() < count && System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(10, TimeUnit.MILLISECONDS);
            if (frame != null) {
                taken.add(frame);
            }
        }
        return taken;
    }

    List<Integer> statuses() {
        return statuses;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
