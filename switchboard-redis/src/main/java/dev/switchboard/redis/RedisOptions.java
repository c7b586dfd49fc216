package dev.switchboard.redis;

import dev.switchboard.cluster.NodeIds;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a node joins a cluster over Redis. Immutable; build with {@link #builder(String, String)}.
 *
 * @param uri               the Redis to share, {@code redis://host:port} or {@code rediss://} for
 *                          TLS; a password goes in the URI ({@code redis://:secret@host:6379}).
 *                          Logs and errors show it without the password.
 * @param nodeId            this node's id; every node of a cluster needs its own
 * @param prefix            the first part of every Redis channel name (default {@value #DEFAULT_PREFIX}),
 *                          so several clusters (or apps) can share one Redis
 * @param sharded           broadcasts travel on {@link #shards} shard channels with
 *                          SPUBLISH/SSUBSCRIBE (Redis 7 sharded pub/sub, which spreads the load over a
 *                          Redis Cluster) instead of one PUBLISH/SUBSCRIBE channel (default false).
 *                          Every node of a cluster must use the same mode and shard count.
 * @param shards            number of shard channels in sharded mode (default {@value #DEFAULT_SHARDS})
 * @param commandTimeout    how long a Redis command may take before it fails (default 5 s), so
 *                          nothing waits forever on a Redis that stopped answering; also the limit
 *                          for connecting at start-up
 * @param maxReconnectDelay the longest pause between reconnect attempts while Redis is away
 *                          (default 2 s): attempts start at 50 ms and double up to this, so a
 *                          restarted Redis is found again quickly without hammering a dead one
 */
public record RedisOptions(String uri, String nodeId, String prefix, boolean sharded, int shards,
                           Duration commandTimeout, Duration maxReconnectDelay) {
    public static final String DEFAULT_PREFIX = "switchboard";
    public static final int DEFAULT_SHARDS = 16;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public RedisOptions {
        Objects.requireNonNull(uri, "uri");
        RedisURI.create(uri); // fails early with Lettuce's reason for a malformed URI
        NodeIds.require(nodeId);
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be 1-64 characters of [A-Za-z0-9._-]: " + prefix);
        }
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("shards must be 1..1024: " + shards);
        }
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(maxReconnectDelay, "maxReconnectDelay");
    }

    public static Builder builder(String uri, String nodeId) {
        return new Builder(uri, nodeId);
    }

    /** The URI as logs may show it: scheme, host, port and database, never the password. */
    public String displayUri() {
        RedisURI parsed = RedisURI.create(uri);
        String scheme = parsed.isSsl() ? "rediss" : "redis";
        String db = parsed.getDatabase() == 0 ? "" : "/" + parsed.getDatabase();
        return scheme + "://" + parsed.getHost() + ":" + parsed.getPort() + db;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Builder with the defaults documented on {@link RedisOptions}. */
    public static final class Builder {
        private final String uri;
        private final String nodeId;
        private String prefix = DEFAULT_PREFIX;
        private boolean sharded;
        private int shards = DEFAULT_SHARDS;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;

        private Builder(String uri, String nodeId) {
            this.uri = uri;
            this.nodeId = nodeId;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder sharded(boolean sharded) {
            this.sharded = sharded;
            return this;
        }

        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = delay;
            return this;
        }

        public RedisOptions build() {
            return new RedisOptions(uri, nodeId, prefix, sharded, shards, commandTimeout, maxReconnectDelay);
        }
    }
}
