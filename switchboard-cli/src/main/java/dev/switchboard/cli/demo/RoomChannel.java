package dev.switchboard.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The demo channel behind {@code room:*}. Its contract is relied on by the chat page, tests and
 * benchmarks, so it stays exactly this:
 *
 * <ul>
 *   <li>join: always ok, reply {@code {}};</li>
 *   <li>{@code ping}: reply ok with the payload unchanged (binary payloads included);</li>
 *   <li>{@code broadcast}: broadcast event {@code msg} with the same payload to every member of
 *       the topic, the sender included; no reply;</li>
 *   <li>{@code presence_join}: tracks this connection's presence on the topic (see below), pushes
 *       {@code presence_state} to the caller, replies ok {@code {"key": K}}; everyone on the topic
 *       then receives a {@code presence_diff};</li>
 *   <li>any other event: reply error {@code {"reason":"unknown event <name>"}}.</li>
 * </ul>
 *
 * <p><b>presence_join.</b> The payload is an object. The key is its {@code user_id} (a non-empty
 * string of at most {@value #MAX_KEY_LENGTH} characters, or a number, used as its decimal text),
 * else the connect param {@code user_id} (see {@link DemoApp}), else a unique
 * {@code anon-…} id. The meta is {@code {"online_at": <ms since the epoch>}} plus
 * {@code "name"} when the payload has a {@code name} (a string of at most {@value #MAX_NAME_LENGTH}
 * characters). A {@code null} {@code user_id} or {@code name} counts as absent. Every other input
 * — a payload that is not an object, a {@code user_id} or {@code name} of another type, an empty
 * or too long one, a second {@code presence_join} on the same channel — gets an error reply
 * {@code {"reason": "..."}} saying what is wrong. Leaving, a lost connection or a crash untracks.
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
    /** Client event that makes this connection present on the topic. */
    public static final String PRESENCE_JOIN = "presence_join";
    /** Assign (from the connect param of the same name) used as the key when the payload has none. */
    public static final String USER_ID = "user_id";
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_NAME_LENGTH = 64;

    /** The key this channel instance tracks, once presence_join succeeded. Confined to the channel's callbacks. */
    private String presenceKey;

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
            case PRESENCE_JOIN -> presenceJoin(payload, ctx);
            default -> HandleResult.error(Map.of("reason", "unknown event " + event));
        };
    }

    private HandleResult presenceJoin(Payload payload, ChannelContext ctx) {
        if (presenceKey != null) {
            return refuse("already present on " + ctx.topic() + " as \"" + presenceKey + "\"; presence_join works once per channel join");
        }
        if (payload.isBinary() || !payload.json().isObject()) {
            return refuse("presence_join expects an object payload, e.g. {\"user_id\": \"42\", \"name\": \"Ada\"}");
        }
        JsonNode body = payload.json();
        String key;
        JsonNode userId = body.get(USER_ID);
        if (userId != null && !userId.isNull()) {
            if (userId.isTextual()) {
                key = userId.asText();
                if (key.isBlank()) {
                    return refuse("user_id must not be empty");
                }
            } else if (userId.isNumber()) {
                key = userId.asText();
            } else {
                return refuse("user_id must be a string or a number, got " + userId.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            if (key.length() > MAX_KEY_LENGTH) {
                return refuse("user_id must be at most " + MAX_KEY_LENGTH + " characters");
            }
        } else if (ctx.assign(USER_ID) instanceof String fromConnect && !fromConnect.isBlank()) {
            key = fromConnect;
        } else {
            key = "anon-" + UUID.randomUUID();
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("online_at", System.currentTimeMillis());
        JsonNode name = body.get("name");
        if (name != null && !name.isNull()) {
            if (!name.isTextual()) {
                return refuse("name must be a string, got " + name.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            if (name.asText().length() > MAX_NAME_LENGTH) {
                return refuse("name must be at most " + MAX_NAME_LENGTH + " characters");
            }
            meta.put("name", name.asText());
        }
        ctx.presence().track(key, meta);
        presenceKey = key;
        ctx.presence().pushState();
        return HandleResult.ok(Map.of("key", key));
    }

    private static HandleResult refuse(String reason) {
        return HandleResult.error(Map.of("reason", reason));
    }
}
