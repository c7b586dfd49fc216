package dev.switchboard.redis;

/**
 * A node could not join its cluster at start-up: Redis unreachable, refusing the password, too
 * old for sharded pub/sub, or already holding a node of the same id. The message names the
 * Redis URI (without its password) and the reason, ready to print for an operator.
 */
public final class RedisConnectException extends RuntimeException {
    RedisConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
