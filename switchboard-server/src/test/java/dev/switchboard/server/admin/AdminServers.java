package dev.switchboard.server.admin;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A server for the admin API's tests: socket {@code /socket} where an {@code id} param becomes the
 * socket id, {@code room:*} topics (keeping a history of 10) whose channel tracks the {@code user}
 * param in presence, and the admin API on.
 */
final class AdminServers {
    private AdminServers() {}

    static SwitchboardServer.Builder builder() {
        return SwitchboardServer.builder().port(0)
                .socket(SocketDefinition.builder("/socket")
                        .connect(request -> request.param("id") == null ? ConnectResult.accept()
                                : ConnectResult.accept(Map.of(), request.param("id")), Execution.EVENT_LOOP)
                        .channel("room:*", Room::new, Execution.EVENT_LOOP)
                        .history("room:*", HistoryOptions.of(10, Duration.ofMinutes(1)))
                        .build())
                .broadcastApi(true)
                .adminApi(true);
    }

    static SwitchboardServer start() {
        return builder().build().start();
    }

    /** A WebSocket client (socket id {@code id}, or none) that joined {@code topic} as {@code user}. */
    static WebSocketClient join(SwitchboardServer server, String id, String topic, String user) throws IOException {
        WebSocketClient ws = WebSocketClient.connect(server.port(), "/socket/websocket?vsn=2.0.0"
                + (id == null ? "" : "&id=" + id));
        ws.sendText("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{\"user\":\"" + user + "\"}]");
        String reply = ws.nextText();
        if (!reply.contains("phx_reply") || !reply.contains("\"ok\"")) {
            throw new IllegalStateException("join of " + topic + " answered " + reply);
        }
        return ws;
    }

    private static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            String user = params.json().path("user").asText("");
            if (!user.isEmpty()) {
                ctx.presence().track(user, Map.of("via", "test"));
            }
            return JoinResult.ok();
        }
    }
}
