package dev.switchboard.socket;

/**
 * One connection's join budget ({@link SocketOptions#maxJoinsPerSecond()}): a token bucket
 * refilled at that rate and holding at most {@link SocketOptions#joinBurst()} tokens. It starts
 * full, so a client rejoining all its channels after a reconnect is not refused. Only the
 * bucket's state lives here (every connection has one, so it holds no more than it must); the
 * clock and the limits are the socket's. Confined to the connection's shard.
 */
final class JoinRateLimiter {
    /** Tokens left, negative until the first join (then the bucket starts full). */
    private double tokens = -1;
    private long updatedAt;

    /** Takes one token at {@code nowNanos}; false when the bucket is empty (the join must be refused). */
    boolean tryAcquire(long nowNanos, SocketOptions options) {
        int burst = options.joinBurst();
        if (tokens < 0) {
            tokens = burst;
        } else {
            tokens = Math.min(burst, tokens + (nowNanos - updatedAt) / 1e9 * options.maxJoinsPerSecond());
        }
        updatedAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
