package dev.switchboard.bridge.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a bridged program finds in its environment (besides the allow-listed server variables):
 *
 * <ul>
 *   <li>{@code SWITCHBOARD_TOPIC} — the topic, e.g. {@code calc:ann};</li>
 *   <li>{@code SWITCHBOARD_MODE} — {@code join} or {@code topic};</li>
 *   <li>per join only: {@code SWITCHBOARD_JOIN_PARAMS} (JSON object, the join's payload),
 *       {@code SWITCHBOARD_SOCKET_PARAMS} (JSON object, the connect params kept by
 *       {@link SocketParams}, {@code {}} without it), {@code SWITCHBOARD_ASSIGNS} (JSON object,
 *       what the socket's connect handler assigned, e.g. an authenticated user id; values that are
 *       not JSON are left out) and {@code SWITCHBOARD_SOCKET_ID} when the connection has an id.</li>
 * </ul>
 * A per-topic process is shared by everyone on the topic, so no one client's params are given to it.
 */
final class ProgramEnvironment {
    static final String TOPIC = "SWITCHBOARD_TOPIC";
    static final String MODE = "SWITCHBOARD_MODE";
    static final String JOIN_PARAMS = "SWITCHBOARD_JOIN_PARAMS";
    static final String SOCKET_PARAMS = "SWITCHBOARD_SOCKET_PARAMS";
    static final String ASSIGNS = "SWITCHBOARD_ASSIGNS";
    static final String SOCKET_ID = "SWITCHBOARD_SOCKET_ID";

    private ProgramEnvironment() {}

    static Map<String, String> forJoin(String topic, Payload params, ChannelContext ctx) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TOPIC, topic);
        env.put(MODE, "join");
        env.put(JOIN_PARAMS, params instanceof JsonPayload json && json.isObject()
                ? new String(json.bytes(), StandardCharsets.UTF_8) : "{}");
        Map<String, Object> assigns = new LinkedHashMap<>(ctx.assigns());
        Object socketParams = assigns.remove(SocketParams.ASSIGN);
        env.put(SOCKET_PARAMS, socketParams == null ? "{}" : json(socketParams));
        Map<String, Object> jsonAssigns = new LinkedHashMap<>();
        assigns.forEach((k, v) -> {
            if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                    || v instanceof Map || v instanceof java.util.Collection) {
                jsonAssigns.put(k, v);
            }
        });
        env.put(ASSIGNS, json(jsonAssigns));
        if (ctx.socketId() != null) {
            env.put(SOCKET_ID, ctx.socketId());
        }
        return env;
    }

    static Map<String, String> forTopic(String topic) {
        return Map.of(TOPIC, topic, MODE, "topic");
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }
}
