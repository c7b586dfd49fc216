package dev.switchboard.cli.demo;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import java.util.Map;

/**
 * The demo channel behind {@code room:*}. Its contract is relied on by the chat page, tests and
 * benchmarks, so it stays exactly this:
 *
 * <ul>
 *   <li>join: always ok, reply {@code {}};</li>
 *   <li>{@code ping}: reply ok with the payload unchanged (binary payloads included);</li>
 *   <li>{@code broadcast}: broadcast event {@code msg} with the same payload to every member of
 *       the topic, the sender included; no reply;</li>
 *   <li>any other event: reply error {@code {"reason":"unknown event <name>"}}.</li>
 * </ul>
 *
 * <p>It never blocks, so it is registered to run on the connection's event loop.
 */
public final class RoomChannel implements Channel {

    /** Client event answered with an echo of its payload. */
    public static final String PING = "ping";
    /** Client event whose payload is broadcast to the topic as {@link #MSG}. */
    public static final String BROADCAST = "broadcast";
    /** Event every member of the topic receives for each {@link #BROADCAST}. */
    public static final String MSG = "msg";

    @Override
    public JoinResult join(String topic, Payload params, ChannelContext ctx) {
        return JoinResult.ok();
    }

    @Override
    public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
        return switch (event) {
            case PING -> HandleResult.ok(payload);
            case BROADCAST -> {
                ctx.broadcast(MSG, payload);
                yield HandleResult.noReply();
            }
            default -> HandleResult.error(Map.of("reason", "unknown event " + event));
        };
    }
}
