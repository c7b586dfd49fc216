package dev.switchboard.presence;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * {@link Presence} bound to one channel instance: the owner of its entries is this object, the
 * topic is the channel's. The socket layer creates it on first use and {@link #close() closes} it
 * when the channel instance ends, which untracks everything it tracked.
 *
 * <p>Its own monitor orders {@code track}/{@code update}/{@code untrack} against {@link #close()}:
 * a track racing with the end of the channel either lands before the close (and is untracked by
 * it) or fails, so no entry can outlive its channel.
 */
public final class ChannelPresence implements Presence {
    private final PresenceTracker tracker;
    private final String topic;
    private final BiConsumer<String, Object> push;
    private boolean closed;

    ChannelPresence(PresenceTracker tracker, String topic, BiConsumer<String, Object> push) {
        this.tracker = tracker;
        this.topic = topic;
        this.push = Objects.requireNonNull(push, "push");
    }

    @Override
    public synchronized String track(String key, Object meta) {
        ensureOpen();
        return tracker.track(this, topic, key, meta);
    }

    @Override
    public synchronized String update(String key, Object meta) {
        ensureOpen();
        return tracker.update(this, topic, key, meta);
    }

    @Override
    public synchronized boolean untrack(String key) {
        return !closed && tracker.untrack(this, topic, key);
    }

    @Override
    public PresenceState list() {
        return tracker.list(topic);
    }

    @Override
    public PresenceState list(String otherTopic) {
        return tracker.list(otherTopic);
    }

    @Override
    public PresenceState pushState() {
        PresenceState state = tracker.stateForJoiner(topic);
        push.accept(STATE_EVENT, state.toPayload());
        return state;
    }

    /** Untracks everything this channel tracked; later tracks fail. Idempotent. Called by the socket layer. */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            tracker.untrackAll(this, topic);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the channel on " + topic + " has ended; it can no longer track presences");
        }
    }

    @Override
    public String toString() {
        return "ChannelPresence[" + topic + "]";
    }
}
