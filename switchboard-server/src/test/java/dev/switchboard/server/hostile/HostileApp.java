package dev.switchboard.server.hostile;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import java.util.Map;

/**
 * The server under attack: {@code /socket} with {@code room:*} like the demo ({@code ping} echoes
 * the payload, {@code broadcast} broadcasts {@code msg} and replies ok, anything else is an error
 * reply {@code "unknown event"}), on 127.0.0.1 and an ephemeral port, with small limits (64 KiB
 * frames and HTTP bodies) so oversize attacks are cheap.
 */
final class HostileApp {
    static final int MAX_FRAME_BYTES = 64 * 1024;

    private HostileApp() {}

    static SwitchboardServer start() {
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .connect(req -> ConnectResult.accept(Map.of()))
                .channel("room:*", Room::new)
                .options(SocketOptions.DEFAULTS.withMaxFrameBytes(MAX_FRAME_BYTES))
                .build();
        return SwitchboardServer.builder().host("127.0.0.1").port(0).maxHttpBodyBytes(64 * 1024)
                .socket(socket).build().start();
    }

    static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return switch (event) {
                case "ping" -> HandleResult.ok(payload);
                case "broadcast" -> {
                    ctx.broadcast("msg", payload);
                    yield HandleResult.ok();
                }
                default -> HandleResult.error(Map.of("reason", "unknown event"));
            };
        }
    }
}
