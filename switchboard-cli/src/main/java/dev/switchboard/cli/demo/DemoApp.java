package dev.switchboard.cli.demo;

import dev.switchboard.channel.Execution;
import dev.switchboard.socket.SocketDefinition;

/** The application {@code switchboard serve} runs: one socket with the demo room channel. */
public final class DemoApp {

    /** Where the socket is mounted; clients connect to {@code /socket/websocket}. */
    public static final String SOCKET_PATH = "/socket";
    /** The topics served by {@link RoomChannel}. */
    public static final String ROOM_TOPICS = "room:*";

    private DemoApp() {}

    /** The {@code /socket} definition: everyone may connect, {@code room:*} is a {@link RoomChannel}. */
    public static SocketDefinition socket() {
        return SocketDefinition.builder(SOCKET_PATH)
                // RoomChannel never blocks: running it on the event loop saves two thread hops a message.
                .channel(ROOM_TOPICS, RoomChannel::new, Execution.EVENT_LOOP)
                .build();
    }
}
