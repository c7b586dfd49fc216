package dev.switchboard.channel;

import dev.switchboard.protocol.Payload;
import java.util.Set;

/**
 * The server side of one client's subscription to one topic. A new instance is created for every
 * join; see the package documentation for the threading contract.
 *
 * <pre>{@code
 * class RoomChannel implements Channel {
 *     public JoinResult join(String topic, Payload params, ChannelContext ctx) {
 *         return JoinResult.ok();
 *     }
 *     public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
 *         ctx.broadcast("new_msg", payload);
 *         return HandleResult.noReply();
 *     }
 * }
 * }</pre>
 */
public interface Channel {

    /**
     * Decides whether the client may join. {@link JoinResult#ok()} subscribes the channel to its
     * topic before the reply is written; {@link JoinResult#error(Object)} refuses (the client
     * retries with backoff). An exception refuses with {@code {"reason":"join crashed"}}.
     */
    JoinResult join(String topic, Payload params, ChannelContext ctx);

    /**
     * Handles one client event. Return a reply, no reply (reply later with
     * {@link ChannelContext#replyRef()}), or stop the channel. An exception crashes the channel:
     * the client receives {@code phx_error} and rejoins.
     */
    default HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
        return HandleResult.noReply();
    }

    /**
     * Events whose broadcasts this channel wants to see before they reach its client. Only these
     * events pay for a per-subscriber step; all others are written to the client as pre-encoded
     * shared bytes.
     */
    default Set<String> intercepts() {
        return Set.of();
    }

    /**
     * Called for each intercepted broadcast instead of delivering it. Call
     * {@link ChannelContext#push} to forward (possibly rewritten), or nothing to filter it out.
     */
    default void handleOut(String event, Payload payload, ChannelContext ctx) {
        ctx.push(event, payload);
    }

    /** Called once when the channel ends, for whatever reason. Exceptions are logged and ignored. */
    default void terminate(TerminateReason reason, ChannelContext ctx) {}
}
