package dev.switchboard.server.example;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import java.util.Map;

/** The README's example, verbatim below the imports (ReadmeJavaExamplesTest checks it), so it keeps compiling. */
public final class ChatServer {
    static final SocketDefinition SOCKET = SocketDefinition.builder("/socket")
            .connect(req -> req.param("user") == null ? ConnectResult.refuse()
                    : ConnectResult.accept(Map.of("user", req.param("user"))))
            .channel("room:*", RoomChannel::new)
            .build();

    public static void main(String[] args) throws InterruptedException {
        SwitchboardServer.builder().port(4000).socket(SOCKET).build().start().awaitClose();
    }
}

class RoomChannel implements Channel {
    public JoinResult join(String topic, Payload params, ChannelContext ctx) {
        return topic.equals("room:secret") ? JoinResult.refuse("unauthorized") : JoinResult.ok();
    }

    public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
        if (!event.equals("new_msg")) return HandleResult.error(Map.of("reason", "unknown event"));
        ctx.broadcast("new_msg", Map.of("user", ctx.assign("user"), "body", payload.json().path("body").asText()));
        return HandleResult.ok();
    }
}
