package dev.switchboard.testkit;

import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.socket.Endpoint;
import java.util.concurrent.Executors;

/** Endpoints for tests: an {@link InMemoryPubSub} with synchronous or real worker threads. */
public final class TestEndpoints {
    private TestEndpoints() {}

    /**
     * Channel callbacks run inline on the calling thread: with a {@link QueueShard} a whole
     * join/event/reply exchange happens inside {@code session.receive}. Broadcasts still go through
     * the shard queue (PubSub always queues), so call {@link QueueShard#runAll()} to deliver them.
     */
    public static Endpoint direct() {
        return Endpoint.builder(new InMemoryPubSub()).workers(new DirectExecutorService()).build();
    }

    /** Channel callbacks run on a real pool of {@code threads} worker threads; close the endpoint after use. */
    public static Endpoint pooled(int threads) {
        return Endpoint.builder(new InMemoryPubSub()).workers(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "test-worker");
            t.setDaemon(true);
            return t;
        })).build();
    }
}
