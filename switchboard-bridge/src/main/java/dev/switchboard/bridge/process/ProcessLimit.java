package dev.switchboard.bridge.process;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on programs running at once (websocketd's {@code --maxforks}, a bridge pattern's
 * {@code max}). A permit is taken before a program starts and given back when it has exited and
 * been reaped, so the count is of real processes, not of connections. Thread-safe.
 */
public final class ProcessLimit {
    private final String name;
    private final int max;
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param name what the limit is called in refusals, e.g. {@code maxforks}
     * @param max  programs allowed at once, at least 1
     */
    public ProcessLimit(String name, int max) {
        if (max < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + max);
        }
        this.name = name;
        this.max = max;
    }

    /** Takes a permit; false when {@link #max()} programs are running. */
    public boolean tryAcquire() {
        while (true) {
            int now = running.get();
            if (now >= max) {
                return false;
            }
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives a permit back (once per successful {@link #tryAcquire()}). */
    public void release() {
        running.decrementAndGet();
    }

    public int running() {
        return running.get();
    }

    public int max() {
        return max;
    }

    public String name() {
        return name;
    }

    /** The refusal text, e.g. {@code maxforks (1024) reached: 1024 programs running}. */
    public String describe() {
        return name + " (" + max + ") reached: " + running() + " programs running";
    }
}
