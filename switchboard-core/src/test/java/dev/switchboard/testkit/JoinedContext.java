package dev.switchboard.testkit;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real {@link ChannelContext} of a channel joined through a real session (in memory, on a
 * {@link QueueShard}, callbacks inline), for testing code that takes a context — helpers such as
 * {@code TokenRefresh} — without a hand-written double. Call on the test thread.
 */
public final class JoinedContext {
    private JoinedContext() {}

    /** Joins {@code topic} on a fresh connection whose connect assigned {@code assigns}; returns the channel's context. */
    public static ChannelContext join(String topic, Map<String, Object> assigns) {
        AtomicReference<ChannelContext> captured = new AtomicReference<>();
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .channel(topic, () -> (t, params, ctx) -> {
                    captured.set(ctx);
                    return JoinResult.ok();
                })
                .build();
        Endpoint endpoint = TestEndpoints.direct();
        TestConnection connection = TestConnection.open(endpoint, socket, new QueueShard(), ConnectResult.accept(assigns));
        connection.join(topic, "1").runShard();
        if (captured.get() == null) {
            throw new IllegalStateException("the join of " + topic + " did not run: " + connection.texts());
        }
        return captured.get();
    }
}
