package dev.switchboard.redis;

import dev.switchboard.history.PublishOutcomeUnknown;
import dev.switchboard.protocol.Position;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Settles a publish whose answer never came back. When the connection to Redis breaks after the
 * publish script was sent, Redis may or may not have run it; reporting it as failed would make
 * the publisher send it again, and every subscriber would receive it twice. Once this node has
 * reconnected, the broken connection can no longer run anything, so the topic's stream tells:
 * the entry with the publish's id is there (the broadcast took that position and went out) or it
 * is not (nobody received it). The outcome stays {@link PublishOutcomeUnknown unknown} when Redis
 * cannot be asked within the patience, when the stream may have trimmed the entry since, and after
 * a command timeout (the script may still run later).
 */
final class LostAnswers {
    /** Between attempts to ask, while the node reconnects. */
    static final long RETRY_MILLIS = 100;

    private final RedisLink link;
    private final Duration patience;

    LostAnswers(RedisLink link, Duration patience) {
        this.link = link;
        this.patience = patience;
    }

    /** What a failed publish means: a definite failure, an unknown outcome, or (settled) the position it took. */
    CompletableFuture<Position> settle(Throwable error, String[] keys, String publishId, int size) {
        Throwable cause = RedisLink.cause(error);
        if (cause instanceof CommandNotSentException || cause instanceof RedisCommandExecutionException) {
            return CompletableFuture.failedFuture(cause); // Redis never saw it, or answered with an error
        }
        if (cause instanceof RedisCommandTimeoutException) {
            return CompletableFuture.failedFuture(new PublishOutcomeUnknown(
                    "Redis did not answer in time; the broadcast may still be published", cause));
        }
        return locate(keys, publishId, size, cause, System.nanoTime() + patience.toNanos());
    }

    private CompletableFuture<Position> locate(String[] keys, String publishId, int size, Throwable lost,
                                               long deadlineNanos) {
        return link.eval(HistoryScripts.LOCATE, keys, ascii(publishId), ascii(Integer.toString(size)))
                .handle((reply, e) -> {
                    if (e == null) {
                        return found(reply, lost);
                    }
                    if (System.nanoTime() - deadlineNanos >= 0) {
                        return CompletableFuture.<Position>failedFuture(new PublishOutcomeUnknown(
                                "the connection to Redis broke before it answered, and Redis could not be asked since",
                                lost));
                    }
                    Executor later = CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    return CompletableFuture.runAsync(() -> { }, later)
                            .thenCompose(ignored -> locate(keys, publishId, size, lost, deadlineNanos));
                })
                .thenCompose(f -> f);
    }

    private static CompletableFuture<Position> found(List<Object> reply, Throwable lost) {
        if ((Long) reply.get(0) == 1) {
            return CompletableFuture.completedFuture(
                    new Position((Long) reply.get(1), new String((byte[]) reply.get(2), StandardCharsets.UTF_8)));
        }
        if ((Long) reply.get(1) == 1) {
            return CompletableFuture.failedFuture(new PublishOutcomeUnknown(
                    "the connection to Redis broke before it answered, and the topic's history has moved on too far to tell",
                    lost));
        }
        return CompletableFuture.failedFuture(lost); // not in the stream: Redis never ran it
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
