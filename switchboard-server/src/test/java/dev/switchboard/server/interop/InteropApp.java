package dev.switchboard.server.interop;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application the interop tests talk to, mounted at {@code /socket}, and again at
 * {@code /lponly} with the WebSocket transport disabled (for the long-poll fallback).
 *
 * <ul>
 *   <li>connect: refused (403) when {@code token == "bad"}, otherwise accepted with assigns
 *       {@code {"user": params.user}} (the params and auth token are kept for {@code whoami:*})
 *       and the socket id {@code params.id}</li>
 *   <li>{@code room:*}: join ok; {@code ping} → reply ok echoing the payload; {@code broadcast} →
 *       broadcast {@code msg} with the payload, no reply; {@code disconnect_me} → the server
 *       disconnects every connection of this socket id</li>
 *   <li>{@code fast:*}: the same as {@code room:*} but running on the event loop</li>
 *   <li>{@code secret:*}: join refused {@code {"reason":"unauthorized"}}</li>
 *   <li>{@code whoami:*}: join ok with {@code {"params", "auth_token", "assigns"}}</li>
 *   <li>{@code binary:*}: {@code bin} with a binary payload → pushes {@code bin_push} with the
 *       bytes reversed, replies ok with the same bytes; {@code bcast_bin} → broadcasts {@code bin_b}
 *       with the bytes; {@code bin_len} → replies ok {@code {"size", "hex"}} of the bytes (JSON,
 *       so it also works over long-poll)</li>
 *   <li>{@code crash:*}: {@code boom} throws (channel crash)</li>
 *   <li>{@code stop:*}: {@code stop} → reply ok {@code {"stopping":true}} then stop normally</li>
 *   <li>{@code presence:*}: {@code presence_join {"user_id": K, "meta": {...}}} → tracks K (a
 *       string or number) with the meta, pushes {@code presence_state}, replies ok
 *       {@code {"key": K}}; {@code presence_update {"meta": {...}}} → updates the meta, replies ok
 *       {@code {"phx_ref": new ref}}; bad input → error {@code {"reason": ...}}</li>
 * </ul>
 * Every channel also answers {@code ping}.
 */
public final class InteropApp {

    static final String PATH = "/socket";
    /** The same app without the WebSocket transport: a WebSocket to it fails (404), long-poll works. */
    static final String LONGPOLL_ONLY_PATH = "/lponly";
    private static final String PARAMS_KEY = "interop.connect_params";
    private static final String AUTH_TOKEN_KEY = "interop.auth_token";

    private InteropApp() {}

    public static SocketDefinition definition(SocketOptions options) {
        return definition(PATH, options);
    }

    static SocketDefinition definition(String path, SocketOptions options) {
        return SocketDefinition.builder(path)
                .connect(InteropApp::connect)
                .channel("room:*", RoomChannel::new)
                .channel("fast:*", RoomChannel::new, Execution.EVENT_LOOP)
                .channel("secret:*", SecretChannel::new)
                .channel("whoami:*", WhoamiChannel::new)
                .channel("binary:*", BinaryChannel::new)
                .channel("crash:*", CrashChannel::new)
                .channel("stop:*", StopChannel::new)
                .channel("presence:*", PresenceChannel::new, Execution.EVENT_LOOP)
                .options(options)
                .build();
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static SwitchboardServer start(SocketOptions options) {
        return SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .socket(definition(options))
                .socket(definition(LONGPOLL_ONLY_PATH, options.withWebsocket(false)))
                .build()
                .start();
    }

    /** {@code http://127.0.0.1:PORT/socket}, the endpoint phoenix.js is given. */
    public static String endpoint(SwitchboardServer server) {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    static ConnectResult connect(ConnectRequest request) {
        if ("bad".equals(request.param("token"))) {
            return ConnectResult.refuse();
        }
        Map<String, Object> assigns = new LinkedHashMap<>();
        Object user = request.params().get("user");
        if (user != null) {
            assigns.put("user", user);
        }
        assigns.put(PARAMS_KEY, request.params());
        if (request.info() != null && request.info().authToken() != null) {
            assigns.put(AUTH_TOKEN_KEY, request.info().authToken());
        }
        return ConnectResult.accept(assigns, request.param("id"));
    }

    /** Answers {@code ping} by echoing; subclasses add events. */
    abstract static class BaseChannel implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            if ("ping".equals(event)) {
                return HandleResult.ok(payload);
            }
            return handle(event, payload, ctx);
        }

        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.error(Map.of("reason", "unknown event " + event));
        }
    }

    static final class RoomChannel extends BaseChannel {
        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            if ("broadcast".equals(event)) {
                ctx.broadcast("msg", payload);
                return HandleResult.noReply();
            }
            if ("disconnect_me".equals(event) && ctx.socketId() != null) {
                // What Endpoint.disconnect(id) publishes: every connection of this id closes.
                ctx.broadcast(ctx.socketId(), "disconnect", Map.of());
                return HandleResult.noReply();
            }
            return super.handle(event, payload, ctx);
        }
    }

    static final class SecretChannel extends BaseChannel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.refuse("unauthorized");
        }
    }

    static final class WhoamiChannel extends BaseChannel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            Map<String, Object> assigns = new LinkedHashMap<>(ctx.assigns());
            Object connectParams = assigns.remove(PARAMS_KEY);
            Object authToken = assigns.remove(AUTH_TOKEN_KEY);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("params", connectParams);
            response.put("auth_token", authToken);
            response.put("assigns", assigns);
            return JoinResult.ok(response);
        }
    }

    static final class BinaryChannel extends BaseChannel {
        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            switch (event) {
                case "bin" -> {
                    if (!(payload instanceof BinaryPayload binary)) {
                        return HandleResult.error(Map.of("reason", "expected a binary payload"));
                    }
                    byte[] bytes = binary.bytes();
                    byte[] reversed = new byte[bytes.length];
                    for (int i = 0; i < bytes.length; i++) {
                        reversed[i] = bytes[bytes.length - 1 - i];
                    }
                    ctx.push("bin_push", Payload.binary(reversed));
                    return HandleResult.ok(Payload.binary(bytes.clone()));
                }
                case "bin_len" -> {
                    if (!(payload instanceof BinaryPayload binary)) {
                        return HandleResult.error(Map.of("reason", "expected a binary payload"));
                    }
                    return HandleResult.ok(Map.of("size", binary.bytes().length,
                            "hex", java.util.HexFormat.of().formatHex(binary.bytes())));
                }
                case "bcast_bin" -> {
                    byte[] bytes = payload instanceof BinaryPayload binary
                            ? binary.bytes().clone()
                            : payload.toString().getBytes(StandardCharsets.UTF_8);
                    ctx.broadcast("bin_b", Payload.binary(bytes));
                    return HandleResult.noReply();
                }
                default -> {
                    return super.handle(event, payload, ctx);
                }
            }
        }
    }

    static final class CrashChannel extends BaseChannel {
        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            if ("boom".equals(event)) {
                throw new IllegalStateException("boom (crash requested by the interop test; expected in logs)");
            }
            return super.handle(event, payload, ctx);
        }
    }

    static final class StopChannel extends BaseChannel {
        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            if ("stop".equals(event)) {
                return HandleResult.stop(new HandleResult.Reply("ok", Payload.json(Map.of("stopping", true))));
            }
            return super.handle(event, payload, ctx);
        }
    }

    /** Presence through ctx.presence(), as a phoenix.js Presence client sees it. */
    static final class PresenceChannel extends BaseChannel {
        private String key;

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            try {
                return switch (event) {
                    case "presence_join" -> join(payload, ctx);
                    case "presence_update" -> {
                        if (key == null) {
                            yield refuse("send presence_join first");
                        }
                        yield HandleResult.ok(Map.of("phx_ref", ctx.presence().update(key, payload.json().get("meta"))));
                    }
                    default -> super.handle(event, payload, ctx);
                };
            } catch (IllegalArgumentException | IllegalStateException e) {
                return refuse(e.getMessage());
            }
        }

        private HandleResult join(Payload payload, ChannelContext ctx) {
            if (key != null) {
                return refuse("already tracked as " + key);
            }
            if (payload.isBinary() || !payload.json().isObject()) {
                return refuse("presence_join expects an object payload");
            }
            com.fasterxml.jackson.databind.JsonNode userId = payload.json().path("user_id");
            if (!userId.isTextual() && !userId.isNumber()) {
                return refuse("user_id must be a string or a number, got " + userId.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            String k = userId.asText();
            ctx.presence().track(k, payload.json().get("meta"));
            key = k;
            ctx.presence().pushState();
            return HandleResult.ok(Map.of("key", k));
        }

        private static HandleResult refuse(String reason) {
            return HandleResult.error(Map.of("reason", reason));
        }
    }
}
