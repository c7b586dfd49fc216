package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.stats.ServerProcess;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** The server's highest resident memory over a run, sampled every 100 ms on a thread of its own. */
final class PeakRss {
    private final ServerProcess server;
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private PeakRss(ServerProcess server) {
        this.server = server;
        this.thread = new Thread(this::sample, "bench-peak-rss");
        thread.setDaemon(true);
    }

    /** Starts sampling; null without a server process to watch. */
    static PeakRss start(ServerProcess server) {
        if (server == null) {
            return null;
        }
        PeakRss rss = new PeakRss(server);
        rss.thread.start();
        return rss;
    }

    private void sample() {
        while (running) {
            try {
                peak.accumulateAndGet(server.rssBytes(), Math::max);
                Thread.sleep(100);
            } catch (IOException e) {
                return; // the server is gone
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling; the peak in bytes. */
    long stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1_000);
        try {
            peak.accumulateAndGet(server.rssBytes(), Math::max);
        } catch (IOException e) {
            // the server is gone: the samples so far stand
        }
        return peak.get();
    }
}
