package dev.switchboard.testsupport.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one poll of a {@link LongPollClient} in flight at all times, as phoenix.js does, and queues
 * every message received. A parked poll keeps a session alive however long a test waits. Stops
 * by itself at the first answer other than 200/204 (recorded in {@link #statuses()}).
 */
public final class BackgroundPoller implements AutoCloseable {
    private final LongPollClient client;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public BackgroundPoller(LongPollClient client) {
        this.client = client;
        this.thread = new Thread(this::loop, "long-poll-poller");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                LongPollAnswer answer = client.get();
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

    /** The reply to {@code ref} (within 5 s), skipping other messages. */
    public JsonNode reply(String ref) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null) {
                seen.add(frame);
                if (Messages.isReply(frame, ref)) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no reply for " + ref + "; messages " + seen + "; poll statuses " + statuses);
    }

    /** Takes up to {@code count} messages, waiting at most {@code millis} for all of them. */
    public List<JsonNode> take(int count, long millis) throws InterruptedException {
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

    /** Phoenix's status of every answer so far; -1 for a request that failed. */
    public List<Integer> statuses() {
        return statuses;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
