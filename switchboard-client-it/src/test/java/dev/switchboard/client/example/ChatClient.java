package dev.switchboard.client.example;

import dev.switchboard.client.Channel;
import dev.switchboard.client.Reply;
import dev.switchboard.client.Socket;
import dev.switchboard.client.SocketOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The README's Java client example, verbatim below the imports, so it keeps compiling. */
public final class ChatClient {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "ws://localhost:4000/socket";
        Socket socket = SocketOptions.builder(url).params(() -> Map.of("user", "ada")).socket();
        socket.connect();
        Channel room = socket.channel("room:lobby");
        room.on("msg", msg -> System.out.println("msg " + msg.json()));
        Reply joined = room.join().get(10, TimeUnit.SECONDS);
        if (!joined.isOk()) throw new IllegalStateException("join refused: " + joined);
        room.push("broadcast", Map.of("body", "hello from Java"));
        Reply pong = room.push("ping", Map.of("n", 1)).get(10, TimeUnit.SECONDS);
        System.out.println(pong.status() + " " + pong.response().json());
        socket.disconnect();
    }
}
