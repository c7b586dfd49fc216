package dev.switchboard.server.transport.longpoll;

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
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application the long-poll tests talk to, mounted at {@code /socket} and {@code /other}.
 *
 * <ul>
 *   <li>connect: refused when {@code token == "bad"}; the socket id is the {@code id} param</li>
 *   <li>{@code room:*}: {@code ping} → ok echoing the payload; {@code broadcast} → broadcast
 *       {@code msg}; {@code binary_then_text} → pushes a binary {@code bin} then a JSON
 *       {@code text}; {@code bin_len} with a binary payload → ok {@code {"size", "hex"}}</li>
 *   <li>{@code slow:*}: join takes {@code params.ms} (default 300) ms, on a worker</li>
 *   <li>{@code whoami:*}: join ok with {@code {"auth_token", "params", "transport"}}</li>
 * </ul>
 */
final class LpTestApp {
    private LpTestApp() {}

    static SocketDefinition socket(String path) {
        return SocketDefinition.builder(path)
                .connect(LpTestApp::connect)
                .channel("room:*", Room::new, Execution.EVENT_LOOP)
                .channel("slow:*", Slow::new)
                .channel("whoami:*", Whoami::new)
                .build();
    }

    static SwitchboardServer.Builder server(Duration window, Duration lifetime) {
        return SwitchboardServer.builder().host("127.0.0.1").port(0)
                .longPollOptions(LongPollOptions.DEFAULTS.withWindow(window).withSessionLifetime(lifetime))
                .socket(socket("/socket"))
                .socket(socket("/other"));
    }

    static String base(SwitchboardServer server) {
        return base(server, "/socket");
    }

    static String base(SwitchboardServer server, String mount) {
        return "http://127.0.0.1:" + server.port() + mount + "/longpoll";
    }

    static ConnectResult connect(ConnectRequest request) {
        if ("bad".equals(request.param("token"))) {
            return ConnectResult.refuse();
        }
        Map<String, Object> assigns = new LinkedHashMap<>();
        assigns.put("params", request.params());
        assigns.put("transport", request.info().transport());
        if (request.info().authToken() != null) {
            assigns.put("auth_token", request.info().authToken());
        }
        assigns.put("x_headers", request.info().xHeaders());
        return ConnectResult.accept(assigns, request.param("id"));
    }

    static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            switch (event) {
                case "ping" -> {
                    return HandleResult.ok(payload);
                }
                case "broadcast" -> {
                    ctx.broadcast("msg", payload);
                    return HandleResult.noReply();
                }
                case "binary_then_text" -> {
                    ctx.push("bin", Payload.binary(new byte[] {1, 2, 3}));
                    ctx.push("text", Map.of("after", "binary"));
                    return HandleResult.ok();
                }
                case "bin_len" -> {
                    if (!(payload instanceof BinaryPayload binary)) {
                        return HandleResult.error(Map.of("reason", "expected binary"));
                    }
                    return HandleResult.ok(Map.of("size", binary.bytes().length, "hex", HexFormat.of().formatHex(binary.bytes())));
                }
                default -> {
                    return HandleResult.error(Map.of("reason", "unknown event " + event));
                }
            }
        }
    }

    static final class Slow implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            try {
                Thread.sleep(params.json().path("ms").asLong(300));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }
    }

    static final class Whoami implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("auth_token", ctx.assign("auth_token"));
            response.put("params", ctx.assign("params"));
            response.put("transport", ctx.assign("transport"));
            response.put("x_headers", ctx.assign("x_headers"));
            return JoinResult.ok(response);
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }
    }
}
