package dev.switchboard.channel;

import dev.switchboard.protocol.Position;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a channel instance can do and know. One context per channel instance; the send methods
 * are thread-safe.
 */
public interface ChannelContext {

    /** The topic of this channel, e.g. {@code room:lobby}. */
    String topic();

    /** The socket id given at connect time, or null. */
    String socketId();

    /**
     * The assigns of this channel: a copy of the socket's assigns from connect, plus whatever the
     * channel assigned. Read it from the channel's own callbacks.
     */
    Map<String, Object> assigns();

    /** Typed read of one assign; null when absent. */
    @SuppressWarnings("unchecked")
    default <T> T assign(String key) {
        return (T) assigns().get(key);
    }

    /** Sets one assign on this channel instance (the socket's assigns are not changed). */
    void assign(String key, Object value);

    /**
     * Sends {@code [join_ref, null, topic, event, payload]} to this channel's client only. Pushes
     * made during {@code join} are held until the join reply has been written.
     *
     * @param payload a map, record, JSON node or {@link dev.switchboard.protocol.Payload} (binary included)
     */
    void push(String event, Object payload);

    /**
     * Broadcasts to every subscriber of this channel's topic, this client included. On a topic that
     * keeps history the stage completes with the broadcast's {@link Position} (null otherwise), or
     * exceptionally when a cluster's history store cannot be reached (then nobody receives it) —
     * with {@link dev.switchboard.history.PublishOutcomeUnknown} when the store's answer was lost
     * and it may have received it after all; most callers ignore it.
     */
    CompletionStage<Position> broadcast(String event, Object payload);

    /** Broadcasts to every subscriber of this channel's topic except this channel instance; as {@link #broadcast(String, Object)}. */
    CompletionStage<Position> broadcastFrom(String event, Object payload);

    /** Broadcasts to any topic; as {@link #broadcast(String, Object)}. */
    CompletionStage<Position> broadcast(String topic, String event, Object payload);

    /**
     * A handle on the message being handled right now, for replying later (asynchronously).
     * Only meaningful inside {@link Channel#handleIn}.
     */
    ReplyRef replyRef();

    /** Replies to an earlier message; a no-op once the channel has ended. */
    void reply(ReplyRef ref, String status, Object response);

    /**
     * Stops this channel from any thread, as returning {@link HandleResult#stop()} from
     * {@code handleIn} would: {@link Channel#terminate} runs with {@link TerminateReason#STOPPED},
     * then the client receives {@code phx_close} and does not rejoin. For channels whose work
     * happens elsewhere (a child process, a remote stream) and ends on its own. A no-op once the
     * channel has ended.
     *
     * @throws UnsupportedOperationException in contexts that cannot stop (the default, for test doubles)
     */
    default void stop() {
        throw new UnsupportedOperationException("this channel context cannot stop");
    }

    /**
     * Ends this channel from any thread as if a callback had thrown: {@link Channel#terminate}
     * runs with {@link TerminateReason#CRASHED}, the client receives {@code phx_error} and
     * rejoins (phoenix.js does so with backoff). {@code reason} is logged. A no-op once the
     * channel has ended.
     *
     * @throws UnsupportedOperationException in contexts that cannot crash (the default, for test doubles)
     */
    default void crash(String reason) {
        throw new UnsupportedOperationException("this channel context cannot crash");
    }

    /**
     * Presence on this channel's topic, owned by this channel instance: what it tracks is
     * untracked when the instance ends (leave, stop, crash, rejoin, connection closed).
     */
    dev.switchboard.presence.Presence presence();
}
