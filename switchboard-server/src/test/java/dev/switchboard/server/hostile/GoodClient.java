package dev.switchboard.server.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A well-behaved client doing ping → reply, with a broadcast every tenth round, until stopped.
 * Every reply and broadcast must arrive, intact and in time; a close by the server is a failure.
 */
final class GoodClient implements Runnable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final PhoenixSocket socket;
    volatile long rounds;
    volatile String failure;

    GoodClient(int port) throws Exception {
        socket = PhoenixSocket.connect(port);
        socket.send("[\"1\",\"1\",\"room:good\",\"phx_join\",{}]");
        await("1", null);
    }

    @Override
    public void run() {
        try {
            while (!stop.get() && failure == null) {
                long n = rounds + 2;
                String ref = Long.toString(n);
                boolean broadcast = n % 10 == 0;
                socket.send("[\"1\",\"" + ref + "\",\"room:good\",\"" + (broadcast ? "broadcast" : "ping")
                        + "\",{\"n\":" + n + "}]");
                await(ref, broadcast ? n : null);
                rounds++;
            }
        } catch (Exception | AssertionError e) {
            String earlier = failure;
            failure = "good client failed after " + rounds + " rounds: " + e + (earlier == null ? "" : "; " + earlier);
        }
    }

    /** Waits (5 s at most) for the ok reply to {@code ref} (echoing n for a ping) and, if asked, broadcast n. */
    private void await(String ref, Long broadcastN) throws Exception {
        boolean replied = false;
        boolean broadcastSeen = broadcastN == null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(replied && broadcastSeen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reply/broadcast for ref " + ref + " within 5 s (replied " + replied
                        + ", broadcast seen " + broadcastSeen + ")");
            }
            JsonNode f = socket.next();
            if ("phx_reply".equals(f.path(3).asText()) && ref.equals(f.path(1).asText())) {
                if (!"ok".equals(f.path(4).path("status").asText())) {
                    throw new AssertionError("error reply: " + f);
                }
                if (broadcastN == null && !"1".equals(ref) && f.path(4).path("response").path("n").asLong() != Long.parseLong(ref)) {
                    throw new AssertionError("wrong echo: " + f);
                }
                replied = true;
            } else if ("msg".equals(f.path(3).asText()) && broadcastN != null
                    && f.path(4).path("n").asLong() == broadcastN) {
                broadcastSeen = true;
            }
        }
    }

    /** Lets the current round finish and ends the loop; then {@link #close()}. */
    void stop() {
        stop.set(true);
    }

    void close() {
        socket.close();
    }
}
