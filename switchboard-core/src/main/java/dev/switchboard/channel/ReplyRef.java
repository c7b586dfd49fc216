package dev.switchboard.channel;

import dev.switchboard.protocol.Ref;

/**
 * Identifies one client message so it can be answered later, from any thread, with
 * {@link ChannelContext#reply(ReplyRef, String, Object)}.
 */
public record ReplyRef(Ref joinRef, Ref ref, String topic) {}
