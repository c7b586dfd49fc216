package dev.switchboard.socket;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;

/**
 * What a channel instance tells its session: the two moments the session's bookkeeping (which
 * channels are live, which topics are subscribed) must follow. Both are called on the shard.
 */
interface ChannelLifecycle {

    /**
     * The join callback finished: {@code result} is the app's answer, or null with {@code crash}
     * when it threw. {@code replaced} is the older instance of the same topic that this join
     * replaces (its {@code phx_close} follows the reply), or null.
     */
    void joinCompleted(ChannelInstance instance, Message join, JoinResult result, Throwable crash,
                       ChannelInstance replaced);

    /** The channel stopped or crashed: remove it, then tell the client with {@code event} ({@code phx_close}/{@code phx_error}). */
    void channelEnded(ChannelInstance instance, String event, Payload payload);
}
