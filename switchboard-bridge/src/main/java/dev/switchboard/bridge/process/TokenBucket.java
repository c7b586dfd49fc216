package dev.switchboard.bridge.process;

import java.util.concurrent.TimeUnit;

/**
 * A rate cap that waits instead of refusing: {@link #acquire()} blocks the caller (a program's
 * reading thread) until a token is available, so a program printing faster than the cap is slowed
 * down through its pipe and loses nothing. Holds one second's worth of tokens, so short bursts
 * pass at once. Used by one thread.
 */
public final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param perSecond sustained rate, at least 1 */
    public TokenBucket(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 per second, got " + perSecond);
        }
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.last = System.nanoTime();
    }

    /**
     * Takes one token, waiting for it if necessary; returns true when it had to wait (the cap
     * was hit, which callers count).
     */
    public boolean acquire() throws InterruptedException {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return false;
        }
        long waitNanos = (long) Math.ceil((1 - tokens) / perNano);
        TimeUnit.NANOSECONDS.sleep(waitNanos);
        refill();
        tokens = Math.max(0, tokens - 1);
        return true;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}
