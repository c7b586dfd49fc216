package dev.switchboard.cli.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Publishes at a fixed rate through the publish API of a random serving node, round-robin over the
 * topics, each message {@code {"n": k, "t": millis}} with k counting per topic. A message is retried (on
 * another node) until one accepts it, so the sequence has no holes; when a request failed without
 * an answer (the node died under it) or was answered 504 (the node lost Redis's answer and could
 * not ask again), whether it was published is unknown and that k may arrive twice, under two
 * positions: such k are kept in {@link #uncertain()}. A 503 means it was not published.
 */
final class ChaosPublisher implements AutoCloseable {
    private static final Duration RETRY = Duration.ofMillis(50);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<String> topics;
    private final Supplier<List<NodeProcess>> serving;
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> uncertain = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private final int perSecond;
    private final Map<String, String> padding = new ConcurrentHashMap<>();

    ChaosPublisher(List<String> topics, int perSecond, Supplier<List<NodeProcess>> serving) {
        this.topics = List.copyOf(topics);
        this.perSecond = perSecond;
        this.serving = serving;
        topics.forEach(t -> {
            accepted.put(t, new AtomicInteger());
            uncertain.put(t, ConcurrentHashMap.newKeySet());
        });
        this.thread = new Thread(this::run, "chaos-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on, the messages of {@code topic} carry about {@code bytes} more (a padding string). */
    void pad(String topic, int bytes) {
        padding.put(topic, "x".repeat(bytes));
    }

    private void run() {
        long next = System.nanoTime();
        for (long k = 0; running; k++) {
            String topic = topics.get((int) (k % topics.size()));
            publish(topic, accepted.get(topic).get() + 1);
            next += TimeUnit.SECONDS.toNanos(1) / perSecond;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(wait);
            } else {
                next = System.nanoTime(); // fell behind during an outage: carry on at the rate, no burst
            }
        }
    }

    /** Publishes {@code n} on {@code topic}, retrying until a node accepts it (or the publisher stops). */
    private void publish(String topic, int n) {
        String pad = padding.getOrDefault(topic, "");
        while (running) {
            // "t": when it was (re)sent, for the clients' latency figures
            String body = "{\"n\":" + n + ",\"t\":" + System.currentTimeMillis() + ",\"pad\":\"" + pad + "\"}";
            List<NodeProcess> nodes = serving.get();
            if (!nodes.isEmpty()) {
                NodeProcess node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
                HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/broadcast/"
                                + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(5)).build();
                try {
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 202) {
                        accepted.get(topic).set(n);
                        return;
                    }
                    if (response.statusCode() == 504) {
                        uncertain.get(topic).add(n); // "outcome unknown": Redis may have taken it
                    }
                } catch (IOException e) {
                    uncertain.get(topic).add(n); // the node may have published it before it went away
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            retries.incrementAndGet();
            sleep(RETRY.toNanos());
        }
    }

    /** The last accepted n of each topic (1..n were all accepted). */
    Map<String, Integer> accepted() {
        Map<String, Integer> last = new TreeMap<>();
        accepted.forEach((topic, n) -> last.put(topic, n.get()));
        return last;
    }

    int published() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Per topic, the n whose first attempt ended without an answer. */
    Set<Integer> uncertain(String topic) {
        return Set.copyOf(uncertain.get(topic));
    }

    int retries() {
        return retries.get();
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the message in flight; returns once the thread has ended. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
