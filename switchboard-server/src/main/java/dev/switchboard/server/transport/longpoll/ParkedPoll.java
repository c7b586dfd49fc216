package dev.switchboard.server.transport.longpoll;

import dev.switchboard.server.io.EventLoopShard;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A GET waiting for frames: its window timer and the listener that notices its client leaving.
 * Both callbacks run on the session's event loop; {@link #release()} undoes both, so a
 * keep-alive connection that carries many polls does not collect listeners.
 */
final class ParkedPoll {
    private final LongPollRequest request;
    private final ScheduledFuture<?> timeout;
    private final Runnable stopWatching;

    /**
     * @param onTimeout run on {@code shard} when the window passes
     * @param whenGone  run on {@code shard} when the request's connection closes
     */
    ParkedPoll(LongPollRequest request, EventLoopShard shard, long windowMillis, Runnable onTimeout, Runnable whenGone) {
        this.request = request;
        this.timeout = shard.loop().schedule(onTimeout, windowMillis, TimeUnit.MILLISECONDS);
        this.stopWatching = request.exchange().onClose(() -> shard.execute(whenGone));
    }

    LongPollRequest request() {
        return request;
    }

    /** Cancels the timer and stops listening for the close; returns the request to answer. */
    LongPollRequest release() {
        timeout.cancel(false);
        stopWatching.run();
        return request;
    }
}
