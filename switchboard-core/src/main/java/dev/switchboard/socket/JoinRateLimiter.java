package dev.switchboard.socket;

import dev.switchboard.exec.Ticker;

/**
 * One connection's join budget ({@link SocketOptions#maxJoinsPerSecond()}): a token bucket
 * refilled at that rate and holding at most {@link SocketOptions#joinBurst()} tokens. It starts
 * full, so a client rejoining all its channels after a reconnect is not refused. Confined to the
 * connection's shard.
 */
final class JoinRateLimiter {
    private final Ticker ticker;
    private final double perSecond;
    private final double burst;
    /** Tokens left, negative until the first join (then the bucket starts full). */
    private double tokens = -1;
    private long updatedAt;

    JoinRateLimiter(Ticker ticker, int perSecond, int burst) {
        this.ticker = ticker;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token; false when the bucket is empty (the join must be refused). */
    boolean tryAcquire() {
        long now = ticker.nanoTime();
        if (tokens < 0) {
            tokens = burst;
        } else {
            tokens = Math.min(burst, tokens + (now - updatedAt) / 1e9 * perSecond);
        }
        updatedAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
